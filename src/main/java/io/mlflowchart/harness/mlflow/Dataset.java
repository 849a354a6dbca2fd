package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.VersionSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Data to write into MLflow: the snapshot a server must show afterwards, and the bytes of every artifact in it
 * keyed {@code experiment/run/path}.
 */
public record Dataset(DataSnapshot expected, Map<String, byte[]> artifactContents) {

    public Dataset {
        artifactContents = Map.copyOf(artifactContents);
    }

    /** Writes every experiment, run, artifact, model, version and alias of {@link #expected()}. */
    public void writeTo(MlflowClient client) {
        Map<String, Run> runs = new HashMap<>();
        for (ExperimentSnapshot experiment : expected.experiments().values()) {
            String experimentId = client.createExperiment(experiment.name(), experiment.tags());
            for (RunSnapshot run : experiment.runs().values()) {
                String key = experiment.name() + "/" + run.name();
                runs.put(key, writeRun(client, experimentId, key, run));
            }
        }
        for (ModelSnapshot model : expected.registeredModels().values()) {
            client.createRegisteredModel(model.name(), model.description(), model.tags());
            for (VersionSnapshot version : model.versions().values()) {
                Run run = runs.get(version.run());
                ModelVersion created = client.createModelVersion(
                        model.name(),
                        run.info().artifactUri() + "/" + version.artifactPath(),
                        run.id(),
                        version.description(),
                        version.tags());
                if (!created.version().equals(version.version())) {
                    throw new IllegalStateException("registered model '" + model.name() + "' numbered the version "
                            + created.version() + " instead of " + version.version() + ": was it written before?");
                }
            }
            model.aliases().forEach((alias, version) -> client.setAlias(model.name(), alias, version));
        }
    }

    private Run writeRun(MlflowClient client, String experimentId, String key, RunSnapshot run) {
        Run created = client.createRun(experimentId, run.name(), run.startTime(), Map.of());
        List<Metric> metrics = new ArrayList<>();
        run.metrics()
                .forEach((metric, history) -> history.forEach(
                        point -> metrics.add(new Metric(metric, point.value(), point.timestamp(), point.step()))));
        client.logBatch(created.id(), new LogBatch(metrics, Tag.fromMap(run.params()), Tag.fromMap(run.tags())));
        for (String path : run.artifacts().keySet()) {
            client.uploadArtifact(created, path, artifactContents.get(key + "/" + path));
        }
        client.updateRun(created.id(), run.status(), run.endTime());
        return created;
    }
}
