package io.mlflowchart.harness.report;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.timing.TimeSplit;
import java.time.Instant;

/**
 * How one step of a scenario ended. {@code started} is null for a step that never ran (skipped); {@code detail}
 * is the failure (a snapshot diff, an error) or what the step observed; {@code counts} the data MLflow held after
 * the step, where the step read it; {@code split} where its duration went (waiting on Kubernetes, on MLflow, the
 * harness's own time), null for a step that never ran and in results written before it was recorded.
 */
public record StepResult(
        String name,
        int line,
        Outcome outcome,
        Instant started,
        long durationMillis,
        String detail,
        DataSnapshot.Counts counts,
        TimeSplit split) {

    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }
}
