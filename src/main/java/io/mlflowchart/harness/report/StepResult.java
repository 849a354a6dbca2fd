package io.mlflowchart.harness.report;

import io.mlflowchart.harness.availability.Availability;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.timing.TimeSplit;
import java.time.Instant;

/**
 * How one step of a scenario ended. {@code started} is null for a step that never ran (skipped); {@code detail}
 * is the failure (a snapshot diff, an error) or what the step observed; {@code counts} the data MLflow held after
 * the step, where the step read it; {@code split} where its duration went (waiting on Kubernetes, on MLflow, the
 * harness's own time), null for a step that never ran and in results written before it was recorded;
 * {@code availability} what a background client saw while the step ran, null for a step the scenario's
 * {@code traffic:} does not measure and in results written before schema version 5.
 */
public record StepResult(
        String name,
        int line,
        Outcome outcome,
        Instant started,
        long durationMillis,
        String detail,
        DataSnapshot.Counts counts,
        TimeSplit split,
        Availability availability) {

    /** A step no client measured. */
    public StepResult(
            String name,
            int line,
            Outcome outcome,
            Instant started,
            long durationMillis,
            String detail,
            DataSnapshot.Counts counts,
            TimeSplit split) {
        this(name, line, outcome, started, durationMillis, detail, counts, split, null);
    }

    public enum Outcome {
        PASSED,
        FAILED,
        SKIPPED
    }
}
