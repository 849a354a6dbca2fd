package io.mlflowchart.harness.timing;

/**
 * What a scenario waits on when it is not doing its own work: the two kinds of wait the harness cannot make shorter
 * by itself, only by asking less of them. Everything else a step spends is the harness's own time.
 */
public enum WaitingOn {
    /** Scheduling, image imports, pod and rollout readiness, Helm's --wait, namespace deletion, one-shot pods. */
    KUBERNETES,
    /** MLflow's REST API, its migration Job's run, the runbook's checks that read the serving MLflow. */
    MLFLOW
}
