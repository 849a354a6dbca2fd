package io.mlflowchart.harness.report;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import java.time.Instant;

/**
 * How one step of a scenario ended. {@code started} is null for a step that never ran (skipped); {@code detail}
 * is the failure (a snapshot diff, an error) or what the step observed; {@code counts} the data MLflow held after
 * the step, where the step read it.
 */
public record StepResult(
        String name,
        int line,
        Outcome outcome,
        Instant started,
        long durationMillis,
        String detail,
        DataSnapshot.Counts counts) {

    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }
}
