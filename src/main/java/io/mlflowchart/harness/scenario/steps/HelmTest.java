package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.time.Duration;

/** {@code helm test}: the chart's own test hooks against the running release. */
public final class HelmTest extends StepKind {

    public HelmTest() {
        super("helm-test", "runs the chart's helm test hooks");
    }

    /** Helm or the runbook drives it: it needs a Helm release. */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        Install.whyNoHelmRelease(placement).ifPresent(problems::add);
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        run.release().helm().test(Duration.ofMinutes(5));
        return null;
    }
}
