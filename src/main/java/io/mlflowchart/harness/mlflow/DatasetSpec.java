package io.mlflowchart.harness.mlflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How much data a {@link DatasetGenerator} writes; the same spec always yields the same data. */
public record DatasetSpec(
        int experiments,
        int runsPerExperiment,
        int paramsPerRun,
        int metricsPerRun,
        int stepsPerMetric,
        int tagsPerRun,
        int artifactsPerRun,
        long largeArtifactBytes,
        int registeredModels,
        int versionsPerModel,
        long seed) {

    /**
     * The sizes scenarios name. {@code small} is quick yet covers every kind of data, including one artifact
     * above 5 MB; {@code medium} exceeds each per-request limit of {@code runs/log-batch} so writes are chunked.
     */
    public static final Map<String, DatasetSpec> NAMED = Map.of(
            "small", new DatasetSpec(2, 3, 5, 3, 50, 4, 5, 5 * 1024 * 1024 + 4321, 1, 2, 42),
            "medium", new DatasetSpec(3, 8, 120, 6, 400, 110, 7, 12 * 1024 * 1024, 2, 3, 42));

    public DatasetSpec {
        List<String> problems = new ArrayList<>();
        Map<String, Long> counts = Map.of(
                "experiments",
                (long) experiments,
                "runsPerExperiment",
                (long) runsPerExperiment,
                "paramsPerRun",
                (long) paramsPerRun,
                "metricsPerRun",
                (long) metricsPerRun,
                "stepsPerMetric",
                (long) stepsPerMetric,
                "tagsPerRun",
                (long) tagsPerRun,
                "artifactsPerRun",
                (long) artifactsPerRun,
                "largeArtifactBytes",
                largeArtifactBytes,
                "registeredModels",
                (long) registeredModels,
                "versionsPerModel",
                (long) versionsPerModel);
        counts.forEach((field, value) -> {
            if (value < 0) {
                problems.add(field + " must not be negative, was " + value);
            }
        });
        if (registeredModels > 0 && versionsPerModel > 0 && experiments * runsPerExperiment == 0) {
            problems.add("model versions need runs to point at");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static DatasetSpec named(String name) {
        DatasetSpec spec = NAMED.get(name);
        if (spec == null) {
            throw new IllegalArgumentException("no dataset size '" + name + "' (allowed: "
                    + String.join(", ", NAMED.keySet().stream().sorted().toList()) + ")");
        }
        return spec;
    }
}
