package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataKinds;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DatasetGenerator;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;

/**
 * Writes the scenario's dataset through MLflow's REST API, with the kinds of data the release it talks to serves
 * ({@code DataKinds}); from then on MLflow must hold it.
 */
public final class LoadData extends StepKind {

    public LoadData() {
        super("load-data", "writes the scenario's dataset through the MLflow API");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        return Write.write(
                run, DatasetGenerator.generate(run.scenario().dataset(), "", DataKinds.servedBy(run.mlflow())));
    }
}
