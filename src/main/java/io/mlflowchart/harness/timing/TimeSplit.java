package io.mlflowchart.harness.timing;

/**
 * Where a step's wall time went: waiting on Kubernetes, waiting on MLflow, and the harness's own time (the rest).
 * The three add up to the step's duration.
 */
public record TimeSplit(long kubernetesMillis, long mlflowMillis, long harnessMillis) {

    public static final TimeSplit NONE = new TimeSplit(0, 0, 0);

    public long totalMillis() {
        return kubernetesMillis + mlflowMillis + harnessMillis;
    }

    /** The waits the harness cannot remove by itself: Kubernetes' and MLflow's. */
    public long irreducibleMillis() {
        return kubernetesMillis + mlflowMillis;
    }

    public TimeSplit plus(TimeSplit other) {
        return new TimeSplit(
                kubernetesMillis + other.kubernetesMillis,
                mlflowMillis + other.mlflowMillis,
                harnessMillis + other.harnessMillis);
    }
}
