package io.mlflowchart.harness.scenario.steps;

import static io.mlflowchart.harness.scenario.Param.Type.DATASET;
import static io.mlflowchart.harness.scenario.Param.Type.STRING;

import io.mlflowchart.harness.mlflow.DataKinds;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.Dataset;
import io.mlflowchart.harness.mlflow.DatasetGenerator;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;

/** Writes more data, under a name prefix of its own, on top of what MLflow holds. */
public final class Write extends StepKind {

    public Write() {
        super(
                "write",
                "writes more data, under its own name prefix, on top of what is there",
                Param.required("dataset", DATASET, "what to write"),
                Param.required("prefix", STRING, "prefix of every experiment and model name written"));
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        return write(
                run,
                DatasetGenerator.generate(
                        step.dataset("dataset"), step.text("prefix"), DataKinds.servedBy(run.mlflow())));
    }

    /** Writes {@code dataset}; once MLflow acknowledged it, it must hold it. */
    static DataSnapshot.Counts write(ScenarioRun run, Dataset dataset) {
        dataset.writeTo(run.mlflow());
        run.expected().add(dataset.expected());
        return run.expected().current().counts();
    }
}
