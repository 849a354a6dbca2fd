package io.mlflowchart.harness.mlflow;

public enum RunStatus {
    RUNNING,
    SCHEDULED,
    FINISHED,
    FAILED,
    KILLED;

    /** Whether the run has ended, so has an end time: MLflow's {@code RunStatus.is_terminated}. */
    public boolean ended() {
        return this == FINISHED || this == FAILED || this == KILLED;
    }
}
