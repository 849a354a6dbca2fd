package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.VersionSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads everything a server holds through its API into a {@link DataSnapshot}. */
final class SnapshotReader {

    private static final Comparator<MetricPoint> HISTORY_ORDER = Comparator.comparingLong(MetricPoint::step)
            .thenComparingLong(MetricPoint::timestamp)
            .thenComparingDouble(MetricPoint::value);

    private final MlflowClient client;
    private final Map<String, Run> runsById = new HashMap<>();
    private final Map<String, String> runKeysById = new HashMap<>();

    SnapshotReader(MlflowClient client) {
        this.client = client;
    }

    DataSnapshot read() {
        SortedMap<String, ExperimentSnapshot> experiments = new TreeMap<>();
        for (Experiment experiment : client.experiments()) {
            if (!IgnoredFields.AVAILABILITY_PROBE.equals(experiment.name())) {
                experiments.put(experiment.name(), readExperiment(experiment));
            }
        }
        SortedMap<String, ModelSnapshot> models = new TreeMap<>();
        for (RegisteredModel model : client.registeredModels()) {
            models.put(model.name(), readModel(model));
        }
        return new DataSnapshot(experiments, models);
    }

    private ExperimentSnapshot readExperiment(Experiment experiment) {
        SortedMap<String, RunSnapshot> runs = new TreeMap<>();
        for (Run run : client.runs(List.of(experiment.experimentId()))) {
            String name = run.info().runName();
            if (runs.containsKey(name)) {
                throw new IllegalStateException("experiment '" + experiment.name() + "' has two runs named '" + name
                        + "'; snapshots key runs by name");
            }
            runsById.put(run.id(), run);
            runKeysById.put(run.id(), experiment.name() + "/" + name);
            runs.put(name, readRun(run));
        }
        return new ExperimentSnapshot(
                experiment.experimentId(), experiment.name(), experiment.lifecycleStage(), experiment.tagMap(), runs);
    }

    private RunSnapshot readRun(Run run) {
        SortedMap<String, List<MetricPoint>> metrics = new TreeMap<>();
        for (String key : run.metricKeys()) {
            metrics.put(
                    key,
                    client.metricHistory(run.id(), key).stream()
                            .map(m -> new MetricPoint(m.step(), m.timestamp(), m.value()))
                            .sorted(HISTORY_ORDER)
                            .toList());
        }
        SortedMap<String, ArtifactDigest> artifacts = new TreeMap<>();
        for (ArtifactFile file : client.artifacts(run)) {
            artifacts.put(file.path(), digest(run, file.path()));
        }
        Run.Info info = run.info();
        return new RunSnapshot(
                info.runId(),
                info.runName(),
                info.status(),
                info.startTime(),
                info.endTime(),
                info.lifecycleStage(),
                run.params(),
                metrics,
                run.tags(),
                artifacts);
    }

    private ArtifactDigest digest(Run run, String path) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(client.openArtifact(run, path), sha256)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            return new ArtifactDigest(HexFormat.of().formatHex(sha256.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException("reading artifact " + path + " of run " + run.id(), e);
        }
    }

    private ModelSnapshot readModel(RegisteredModel model) {
        SortedMap<String, VersionSnapshot> versions = new TreeMap<>();
        for (ModelVersion version : client.modelVersions(model.name())) {
            versions.put(
                    version.version(),
                    new VersionSnapshot(
                            version.version(),
                            runKey(version.runId()),
                            artifactPath(version),
                            version.runId(),
                            version.source(),
                            version.status(),
                            version.description(),
                            version.tagMap()));
        }
        return new ModelSnapshot(model.name(), model.description(), model.tagMap(), model.aliasMap(), versions);
    }

    private String runKey(String runId) {
        if (runId == null || runId.isEmpty()) {
            return null;
        }
        return runKeysById.getOrDefault(runId, "<unknown run " + runId + ">");
    }

    /** The version's source relative to its run's artifact root, or the whole source if it is elsewhere. */
    private String artifactPath(ModelVersion version) {
        Run run = runsById.get(version.runId());
        String source = version.source();
        if (run != null && source != null && source.startsWith(run.info().artifactUri() + "/")) {
            return source.substring(run.info().artifactUri().length() + 1);
        }
        return source;
    }
}
