package io.mlflowchart.harness.scenario.steps;

import static io.mlflowchart.harness.scenario.Param.Type.STRING;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.Experiment;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.Run;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import java.util.Arrays;
import java.util.List;

/**
 * Deletes runs as a user does ({@code runs/delete}): MLflow only marks them deleted and keeps every byte until
 * {@code mlflow gc} removes them. A run a model version points at is refused: collecting it would leave the version
 * pointing at nothing, which is not what this step is meant to show.
 */
public final class DeleteRuns extends StepKind {

    public DeleteRuns() {
        super(
                "delete-runs",
                "deletes runs through the API (runs/delete), which marks them deleted",
                Param.required("runs", STRING, "comma-separated runs, each `experiment/run` (e.g. `exp-1/run-2`)"));
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        List<String> keys = Arrays.stream(step.text("runs").split(","))
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .toList();
        DataSnapshot expected = run.expected().current();
        List<String> inModels = expected.registeredModels().values().stream()
                .flatMap(model -> model.versions().values().stream()
                        .filter(version -> keys.contains(version.run()))
                        .map(version -> version.run() + " (version " + version.version() + " of " + model.name() + ")"))
                .toList();
        if (!inModels.isEmpty()) {
            throw new IllegalArgumentException("delete-runs: model versions point at " + inModels
                    + "; pick runs no version uses, of " + expected.runKeys());
        }
        // Checks every key against the data before anything is deleted.
        DataSnapshot deleted = expected.withRunsDeleted(keys);
        MlflowClient mlflow = run.mlflow();
        for (String key : keys) {
            mlflow.deleteRun(runId(mlflow, key));
        }
        run.expected().runsDeleted(keys);
        return deleted.counts();
    }

    private static String runId(MlflowClient mlflow, String key) {
        int slash = key.lastIndexOf('/');
        Experiment experiment = mlflow.experimentByName(key.substring(0, slash))
                .orElseThrow(() -> new IllegalStateException("MLflow has no experiment " + key.substring(0, slash)));
        return mlflow.runs(List.of(experiment.experimentId())).stream()
                .filter(candidate -> candidate.info().runName().equals(key.substring(slash + 1)))
                .map(Run::id)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("MLflow has no run " + key));
    }
}
