package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static final DatasetSpec SMALL = DatasetSpec.named("small");

    @Test
    void sameSpecGivesByteIdenticalData() {
        Dataset first = DatasetGenerator.generate(SMALL);
        Dataset second = DatasetGenerator.generate(SMALL);

        assertThat(second.expected().toJson()).isEqualTo(first.expected().toJson());
        assertThat(second.artifactContents().keySet())
                .isEqualTo(first.artifactContents().keySet());
        first.artifactContents()
                .forEach((path, bytes) ->
                        assertThat(second.artifactContents().get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void anotherSeedGivesOtherValuesUnderTheSameNames() {
        DataSnapshot seeded42 = DatasetGenerator.generate(SMALL).expected();
        DataSnapshot seeded7 = DatasetGenerator.generate(withSeed(SMALL, 7)).expected();

        assertThat(seeded7.experiments().keySet())
                .isEqualTo(seeded42.experiments().keySet());
        assertThat(seeded7.diffAgainst(seeded42).differences())
                .anySatisfy(d -> assertThat(d).startsWith("run 'exp-1/run-1' metric 'loss' step 0: expected "))
                .anySatisfy(d -> assertThat(d).startsWith("artifact 'exp-1/run-1/model/weights.bin': "));
    }

    @Test
    void writesWhatTheSpecAsks() {
        DataSnapshot.Counts counts = DatasetGenerator.generate(SMALL).expected().counts();

        int runs = SMALL.experiments() * SMALL.runsPerExperiment();
        assertThat(counts)
                .isEqualTo(new DataSnapshot.Counts(
                        SMALL.experiments(),
                        runs,
                        runs * SMALL.paramsPerRun(),
                        runs * SMALL.tagsPerRun() + SMALL.experiments() * 3,
                        runs * SMALL.metricsPerRun() * SMALL.stepsPerMetric(),
                        runs * SMALL.artifactsPerRun() + 1,
                        counts.artifactBytes(),
                        SMALL.registeredModels(),
                        SMALL.registeredModels() * SMALL.versionsPerModel(),
                        2));
        assertThat(counts.artifactBytes()).isGreaterThan(SMALL.largeArtifactBytes());
    }

    @Test
    void coversEveryKindOfDataTheChartMustKeep() {
        Dataset dataset = DatasetGenerator.generate(SMALL);
        List<RunSnapshot> runs = dataset.expected().experiments().values().stream()
                .flatMap(e -> e.runs().values().stream())
                .toList();

        assertThat(runs).extracting(RunSnapshot::status).contains(RunStatus.FINISHED, RunStatus.FAILED);
        assertThat(runs.get(0).artifacts())
                .containsKeys(
                        "README.txt",
                        "metrics/summary.json",
                        "model/weights.bin",
                        "model/MLmodel",
                        "plots/epoch/1/values.csv",
                        "model/large-weights.bin");
        assertThat(runs.get(0).artifacts().get("model/large-weights.bin").size())
                .isGreaterThan(5L * 1024 * 1024);
        assertThat(runs.get(0).metrics().get("loss")).hasSize(SMALL.stepsPerMetric());
        assertThat(dataset.expected().registeredModels().get("model-1").aliases())
                .isEqualTo(Map.of("champion", "2", "challenger", "1"));
        dataset.expected()
                .registeredModels()
                .get("model-1")
                .versions()
                .values()
                .forEach(version -> assertThat(runs)
                        .extracting(r -> r.name())
                        .contains(version.run().split("/")[1]));
    }

    @Test
    void prefixKeepsASecondWriteApart() {
        DataSnapshot first = DatasetGenerator.generate(SMALL).expected();
        DataSnapshot second = DatasetGenerator.generate(SMALL, "after-").expected();

        assertThat(second.experiments().keySet()).containsExactly("after-exp-1", "after-exp-2");
        assertThat(first.plus(second).counts().runs())
                .isEqualTo(2 * first.counts().runs());
    }

    static DatasetSpec withSeed(DatasetSpec spec, long seed) {
        return new DatasetSpec(
                spec.experiments(),
                spec.runsPerExperiment(),
                spec.paramsPerRun(),
                spec.metricsPerRun(),
                spec.stepsPerMetric(),
                spec.tagsPerRun(),
                spec.artifactsPerRun(),
                spec.largeArtifactBytes(),
                spec.registeredModels(),
                spec.versionsPerModel(),
                seed);
    }
}
