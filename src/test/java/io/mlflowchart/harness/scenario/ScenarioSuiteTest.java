package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every path and name of a suite is a setting, given as a system property or an environment variable. */
class ScenarioSuiteTest {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private final ScenarioSuite ours = ScenarioSuite.of(Path.of("charts/mlflow"));

    @Test
    void usesTheChartItIsGivenWithItsOwnValuesFilesUnlessTold() {
        ScenarioSuite suite = ours.withSettings(new Settings(Map.of(), Map.of()));

        assertThat(suite.charts().workingTree()).isEqualTo(ROOT.resolve("charts/mlflow"));
        assertThat(suite.charts().profileValues(ROOT.resolve("charts/mlflow"), Profile.DEV))
                .containsExactly(ROOT.resolve("charts/mlflow/values-dev.yaml"));
        assertThat(suite.releaseName()).isEqualTo("mlflow");
        assertThat(suite.runbook()).isEqualTo(Path.of("make/ops/mlflow.mk"));
    }

    @Test
    void takesTheForksChartValuesReleaseAndRunbookFromTheSettings() {
        ScenarioSuite suite = ours.withSettings(new Settings(
                Map.of("chart.path", "deploy/mlflow-1.0.0.tgz", "values.prod", "deploy/base.yaml, deploy/prod.yaml"),
                Map.of("RELEASE_NAME", "tracking", "RUNBOOK_PATH", "ops/mlflow.mk")));

        assertThat(suite.charts().workingTree()).isEqualTo(ROOT.resolve("deploy/mlflow-1.0.0.tgz"));
        assertThat(suite.charts().profileValues(suite.charts().workingTree(), Profile.PROD))
                .isEqualTo(List.of(ROOT.resolve("deploy/base.yaml"), ROOT.resolve("deploy/prod.yaml")));
        assertThat(suite.releaseName()).isEqualTo("tracking");
        assertThat(suite.runbook()).isEqualTo(Path.of("ops/mlflow.mk"));
    }

    @Test
    void keepsWhatTheCallerChoseWhereNoSettingIsGiven() {
        ScenarioSuite suite = ScenarioSuite.of(Path.of("deploy/mlflow"))
                .values(Profile.DEV, Path.of("deploy/values-dev.yaml"))
                .releaseName("tracking")
                .withSettings(new Settings(Map.of(), Map.of()));

        assertThat(suite.releaseName()).isEqualTo("tracking");
        assertThat(suite.charts().workingTree()).isEqualTo(ROOT.resolve("deploy/mlflow"));
        assertThat(suite.charts().profileValues(ROOT.resolve("deploy/mlflow"), Profile.DEV))
                .containsExactly(ROOT.resolve("deploy/values-dev.yaml"));
    }

    @Test
    void refusesABadShardBeforeAnythingStarts() {
        assertThatThrownBy(() -> ours.withSettings(new Settings(Map.of(), Map.of("SHARD", "4/3"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("-Dshard=4/3 (or SHARD): shard 4 is not one of 1..3");
    }

    @Test
    void refusesABadTierOrReleaseSourceBeforeAnythingStarts() {
        assertThatThrownBy(() -> ours.withSettings(new Settings(Map.of("tier", "full"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("-Dtier=full (or TIER): not a tier (allowed: ci, release;");
        assertThatThrownBy(() -> ours.withSettings(new Settings(Map.of(), Map.of("MLFLOW_RELEASES", "offline"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("-Dmlflow.releases=offline (or MLFLOW_RELEASES): allowed: pypi");
    }

    @Test
    void hasNoReportBeforeItsScenariosStart() {
        assertThatThrownBy(ours::report)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no scenario has been started: call scenarios(environment) first");
    }
}
