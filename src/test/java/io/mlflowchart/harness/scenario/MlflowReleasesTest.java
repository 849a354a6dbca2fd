package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.images.ReleaseHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** PyPI first, once; the pinned last patches when told, or when PyPI is out of reach. */
class MlflowReleasesTest {

    private static final Path PINNED = Path.of("scenarios").resolve(MlflowReleases.PINNED_FILE);

    private final AtomicInteger asked = new AtomicInteger();

    @Test
    void asksPypiOnceAndOnlyWhenAScenarioNeedsTheReleases() {
        MlflowReleases releases = new MlflowReleases(
                counting(() -> new ReleaseHistory("pypi", List.of("3.16.1", "3.17.2"))),
                PINNED,
                MlflowReleases.Source.PYPI);

        assertThat(releases.consulted()).isEmpty();
        assertThat(releases.get().resolve("3.16.x")).isEqualTo("3.16.1");
        assertThat(releases.get().source()).isEqualTo("pypi");
        assertThat(asked).hasValue(1);
        assertThat(releases.consulted()).contains("pypi");
    }

    @Test
    void fallsBackToThePinnedFileWhenPypiIsOutOfReach() {
        MlflowReleases releases = new MlflowReleases(
                counting(() -> {
                    throw new IllegalStateException("MLflow's releases: cannot reach PyPI to check it");
                }),
                PINNED,
                MlflowReleases.Source.PYPI);

        assertThat(releases.get().source()).isEqualTo("pinned in " + PINNED);
        assertThat(releases.get().resolve("2.22.x")).isEqualTo("2.22.5");
    }

    @Test
    void pinnedNeverAsksPypi() {
        MlflowReleases releases = new MlflowReleases(counting(() -> null), PINNED, MlflowReleases.Source.PINNED);

        assertThat(releases.get().resolve("3.9.x")).isEqualTo("3.9.0");
        assertThat(asked).hasValue(0);
    }

    @Test
    void theSettingNamesBothSourcesWhenItIsNeither() {
        assertThat(MlflowReleases.Source.from(new Settings(Map.of(), Map.of()))).isEqualTo(MlflowReleases.Source.PYPI);
        assertThat(MlflowReleases.Source.from(new Settings(Map.of("mlflow.releases", "pinned"), Map.of())))
                .isEqualTo(MlflowReleases.Source.PINNED);
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> MlflowReleases.Source.from(new Settings(Map.of("mlflow.releases", "cache"), Map.of())))
                .withMessage("-Dmlflow.releases=cache (or MLFLOW_RELEASES): allowed: pypi (ask PyPI, the default),"
                        + " pinned (read matrix/last-patches.txt of the scenarios' folder)");
    }

    private Supplier<ReleaseHistory> counting(Supplier<ReleaseHistory> pypi) {
        return () -> {
            asked.incrementAndGet();
            return pypi.get();
        };
    }
}
