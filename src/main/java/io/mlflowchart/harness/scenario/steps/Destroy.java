package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;

/** The disaster a restore recovers from: the release uninstalled and its namespace deleted, volumes included. */
public final class Destroy extends StepKind {

    public Destroy() {
        super("destroy", "uninstalls the release and deletes its namespace");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        run.release().removeWithNamespace();
        return null;
    }
}
