package io.mlflowchart.harness.report;

import java.util.List;

/** How one scenario ended: its steps in order, and where its diagnostics are (null when it passed). */
public record ScenarioResult(String name, String file, String profile, String mlflow, List<StepResult> steps,
        String diagnostics) {

    public ScenarioResult {
        steps = List.copyOf(steps);
    }

    public boolean passed() {
        return steps.stream().allMatch(step -> step.outcome() == StepResult.Outcome.PASSED);
    }

    public long durationMillis() {
        return steps.stream().mapToLong(StepResult::durationMillis).sum();
    }
}
