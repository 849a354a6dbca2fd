package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;

/** Installs the scenario's chart with its profile and MLflow version, and waits until MLflow serves. */
public final class Install extends StepKind {

    public Install() {
        super("install", "installs the scenario's chart with its profile and MLflow version");
    }

    @Override
    public String placement() {
        return "first, and only once";
    }

    /** The scenario's first step, and its only install: every other step acts on what it installed. */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        if (!placement.before().isEmpty()) {
            problems.add("must be the scenario's first step (it is the only one that installs the release)");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        run.release().install(run.chart());
        return null;
    }
}
