package io.mlflowchart.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * How one scenario ended: its steps in order, where its diagnostics are (null when it passed), and the command
 * that runs it again alone, with the same versions, keeping the cluster up if it fails.
 */
@JsonPropertyOrder({"name", "file", "profile", "mlflow", "passed", "durationMillis", "steps", "diagnostics", "reproduce"
})
public record ScenarioResult(
        String name,
        String file,
        String profile,
        String mlflow,
        List<StepResult> steps,
        String diagnostics,
        String reproduce) {

    public ScenarioResult {
        steps = List.copyOf(steps);
    }

    @JsonProperty
    public boolean passed() {
        return steps.stream().allMatch(step -> step.outcome() == StepResult.Outcome.PASSED);
    }

    @JsonProperty
    public long durationMillis() {
        return steps.stream().mapToLong(StepResult::durationMillis).sum();
    }
}
