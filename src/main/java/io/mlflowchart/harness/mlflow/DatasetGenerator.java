package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.VersionSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a {@link DatasetSpec} into a {@link Dataset}, without a server: the expectation comes from the spec, not
 * from what some server gave back, so a server that loses or alters data on the way in cannot make itself right.
 * Every random choice draws from a generator seeded by the spec's seed and the entity's name, so the same spec
 * gives byte-identical content, and growing one count does not reshuffle the rest.
 */
public final class DatasetGenerator {

    /** 2023-11-14T22:13:20Z: runs and metric points are stamped from here, never from the clock. */
    private static final long EPOCH_MILLIS = 1_700_000_000_000L;

    private static final String[] METRICS = {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"};
    private static final String[] TEAMS = {"vision", "nlp", "forecasting", "ranking"};
    private static final RunStatus[] ENDINGS = {
        RunStatus.FINISHED, RunStatus.FINISHED, RunStatus.FAILED, RunStatus.KILLED
    };

    private final DatasetSpec spec;
    private final String namePrefix;
    private final Map<String, byte[]> artifactContents = new HashMap<>();

    private DatasetGenerator(DatasetSpec spec, String namePrefix) {
        this.spec = spec;
        this.namePrefix = namePrefix;
    }

    public static Dataset generate(DatasetSpec spec) {
        return generate(spec, "");
    }

    /** {@code namePrefix} keeps a second write (after an upgrade, say) apart from the first one's names. */
    public static Dataset generate(DatasetSpec spec, String namePrefix) {
        return new DatasetGenerator(spec, namePrefix).dataset();
    }

    private Dataset dataset() {
        SortedMap<String, ExperimentSnapshot> experiments = new TreeMap<>();
        for (int e = 1; e <= spec.experiments(); e++) {
            ExperimentSnapshot experiment = experiment(e);
            experiments.put(experiment.name(), experiment);
        }
        SortedMap<String, ModelSnapshot> models = new TreeMap<>();
        for (int m = 1; m <= spec.registeredModels(); m++) {
            ModelSnapshot model = model(m);
            models.put(model.name(), model);
        }
        return new Dataset(new DataSnapshot(experiments, models), artifactContents);
    }

    private ExperimentSnapshot experiment(int e) {
        String name = experimentName(e);
        Random random = random(name);
        SortedMap<String, String> tags = new TreeMap<>(Map.of(
                "team",
                TEAMS[random.nextInt(TEAMS.length)],
                "dataset.seed",
                Long.toString(spec.seed()),
                "mlflow.note.content",
                "Experiment " + e + " of the harness dataset.\nSecond line, ünïcödé."));
        SortedMap<String, RunSnapshot> runs = new TreeMap<>();
        for (int r = 1; r <= spec.runsPerExperiment(); r++) {
            RunSnapshot run = run(name, e, r);
            runs.put(run.name(), run);
        }
        return new ExperimentSnapshot(null, name, "active", tags, runs);
    }

    private RunSnapshot run(String experiment, int e, int r) {
        String name = runName(r);
        String key = experiment + "/" + name;
        Random random = random(key);
        long start = EPOCH_MILLIS + e * 86_400_000L + r * 3_600_000L;
        SortedMap<String, String> params = new TreeMap<>();
        for (int p = 1; p <= spec.paramsPerRun(); p++) {
            params.put(String.format("param-%03d", p), paramValue(random, p));
        }
        SortedMap<String, List<MetricPoint>> metrics = new TreeMap<>();
        for (int m = 0; m < spec.metricsPerRun(); m++) {
            String metric = m < METRICS.length ? METRICS[m] : String.format("metric-%02d", m);
            metrics.put(metric, history(random, start, m));
        }
        SortedMap<String, String> tags = new TreeMap<>();
        for (int t = 1; t <= spec.tagsPerRun(); t++) {
            tags.put(String.format("tag-%03d", t), "value " + t + " of " + key);
        }
        SortedMap<String, ArtifactDigest> artifacts = new TreeMap<>();
        for (int a = 0; a < spec.artifactsPerRun(); a++) {
            addArtifact(artifacts, key, artifact(random, key, a));
        }
        if (e == 1 && r == 1 && spec.largeArtifactBytes() > 0) {
            addArtifact(
                    artifacts,
                    key,
                    new Artifact(
                            "model/large-weights.bin",
                            randomBytes(random, Math.toIntExact(spec.largeArtifactBytes()))));
        }
        RunStatus status = ENDINGS[random.nextInt(ENDINGS.length)];
        long end = start + spec.stepsPerMetric() * 1_000L + 500;
        return new RunSnapshot(null, name, status, start, end, "active", params, metrics, tags, artifacts);
    }

    private List<MetricPoint> history(Random random, long start, int metric) {
        List<MetricPoint> history = new ArrayList<>();
        double decay = 0.5 + random.nextDouble();
        for (int step = 0; step < spec.stepsPerMetric(); step++) {
            double trend = Math.exp(-decay * step / Math.max(1, spec.stepsPerMetric()));
            double value = switch (metric % 3) {
                case 0 -> trend + random.nextGaussian() * 0.01;
                case 1 -> 1 - trend + random.nextGaussian() * 0.01;
                default -> (double) Math.round(random.nextGaussian() * 1000);
            };
            history.add(new MetricPoint(step, start + step * 1_000L + metric, value));
        }
        return history;
    }

    private static String paramValue(Random random, int p) {
        return switch (p % 4) {
            case 0 -> Integer.toString(random.nextInt(1024));
            case 1 -> Double.toString(random.nextDouble() / 100);
            case 2 -> List.of("adam", "sgd", "rmsprop").get(random.nextInt(3));
            default -> "a longer value: " + "x".repeat(200 + random.nextInt(50));
        };
    }

    private record Artifact(String path, byte[] content) {}

    /** Cycles through the kinds of files a run keeps: text, JSON, binary, YAML in nested folders. */
    private static Artifact artifact(Random random, String key, int a) {
        return switch (a) {
            case 0 -> new Artifact("README.txt", utf8("Artifacts of run " + key + ".\n"));
            case 1 ->
                new Artifact(
                        "metrics/summary.json",
                        utf8("{\"run\": \"" + key + "\", \"score\": " + random.nextDouble() + "}\n"));
            case 2 -> new Artifact("model/weights.bin", randomBytes(random, 1 + random.nextInt(64 * 1024)));
            case 3 -> new Artifact("model/MLmodel", utf8("artifact_path: model\nflavors:\n  python_function: {}\n"));
            case 4 -> new Artifact("plots/epoch/1/values.csv", utf8("step,value\n0," + random.nextDouble() + "\n"));
            default -> new Artifact("extra/file-" + a + ".bin", randomBytes(random, 1 + random.nextInt(4096)));
        };
    }

    private void addArtifact(SortedMap<String, ArtifactDigest> artifacts, String key, Artifact artifact) {
        artifactContents.put(key + "/" + artifact.path(), artifact.content());
        artifacts.put(artifact.path(), ArtifactDigest.of(artifact.content()));
    }

    private ModelSnapshot model(int m) {
        String name = namePrefix + "model-" + m;
        Random random = random(name);
        SortedMap<String, VersionSnapshot> versions = new TreeMap<>();
        for (int v = 1; v <= spec.versionsPerModel(); v++) {
            String run = experimentName(1 + random.nextInt(spec.experiments())) + "/"
                    + runName(1 + random.nextInt(spec.runsPerExperiment()));
            versions.put(
                    Integer.toString(v),
                    new VersionSnapshot(
                            Integer.toString(v),
                            run,
                            "model",
                            null,
                            null,
                            "READY",
                            "Version " + v + " of " + name,
                            new TreeMap<>(Map.of("candidate", "v" + v))));
        }
        SortedMap<String, String> aliases = new TreeMap<>();
        if (spec.versionsPerModel() >= 1) {
            aliases.put("champion", Integer.toString(spec.versionsPerModel()));
        }
        if (spec.versionsPerModel() >= 2) {
            aliases.put("challenger", Integer.toString(spec.versionsPerModel() - 1));
        }
        return new ModelSnapshot(
                name,
                "Model " + m + " of the harness dataset",
                new TreeMap<>(Map.of("owner", TEAMS[random.nextInt(TEAMS.length)])),
                aliases,
                versions);
    }

    private String experimentName(int e) {
        return namePrefix + "exp-" + e;
    }

    private static String runName(int r) {
        return "run-" + r;
    }

    private Random random(String name) {
        return new Random(Objects.hash(spec.seed(), name));
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
