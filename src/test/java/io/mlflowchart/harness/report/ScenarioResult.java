package io.mlflowchart.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** How one scenario ended: its steps in order, and where its diagnostics are (null when it passed). */
@JsonPropertyOrder({"name", "file", "profile", "mlflow", "passed", "durationMillis", "steps", "diagnostics"})
public record ScenarioResult(String name, String file, String profile, String mlflow, List<StepResult> steps,
        String diagnostics) {

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
