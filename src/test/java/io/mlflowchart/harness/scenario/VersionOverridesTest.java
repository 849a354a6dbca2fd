package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionOverridesTest {

    private static final StepKind UPGRADE = StepCatalogue.find("upgrade").orElseThrow();

    private static final StepKind VERIFY = StepCatalogue.find("verify").orElseThrow();

    private final Scenario scenario = new Scenario(
            "prod-upgrade",
            "",
            Profile.PROD,
            Backends.SHARED,
            new ChartSource.WorkingTree(),
            new MlflowImage("2.9.2", "localhost/mlflow-chart/mlflow:2.9.2-full"),
            null,
            List.of(),
            List.of(
                    new Step(VERIFY, Map.of(), 12),
                    new Step(UPGRADE, Map.of("method", "standard", "expect", "success"), 13)),
            Path.of("scenarios/prod-upgrade.yaml"));

    @Test
    void noPropertiesLeaveTheScenarioAsWritten() {
        VersionOverrides none = VersionOverrides.parse("", "", "");
        assertThat(none).isEqualTo(VersionOverrides.none());
        assertThat(none.applyTo(scenario)).isEqualTo(scenario);
        assertThat(none.asOptions()).isEmpty();
    }

    @Test
    void overridesWhatIsInstalledWhatUpgradesGoToAndTheInstalledChart() {
        VersionOverrides overrides = VersionOverrides.parse("2.10.0", "3.1.0", "git:v1.0.0");
        Scenario changed = overrides.applyTo(scenario);
        assertThat(changed.mlflow()).isEqualTo(MlflowImage.ofVersion("2.10.0"));
        assertThat(changed.chart()).isEqualTo(new ChartSource.GitRef("v1.0.0"));
        assertThat(changed.steps().get(1).text("to-version")).isEqualTo("3.1.0");
        assertThat(changed.steps().get(1).line()).isEqualTo(13);
        assertThat(changed.steps().get(0)).isEqualTo(scenario.steps().get(0));
        assertThat(overrides.asOptions()).isEqualTo("-Dmlflow.from=2.10.0 -Dmlflow.to=3.1.0 -Dchart.from=git:v1.0.0");
    }

    @Test
    void theReleasesToFindOrBuildAreWhatIsInstalledAndUpgradedToByNumber() {
        assertThat(scenario.releases())
                .as("an image given, upgraded to the chart's default")
                .isEmpty();
        assertThat(VersionOverrides.parse("2.10.0", "3.1.0", "")
                        .applyTo(scenario)
                        .releases())
                .containsExactly("2.10.0", "3.1.0");
        assertThat(VersionOverrides.parse("3.1.0", "3.1.0", "")
                        .applyTo(scenario)
                        .releases())
                .containsExactly("3.1.0");
    }

    @Test
    void theFilesOwnVersionKeepsItsImage() {
        assertThat(VersionOverrides.parse("2.9.2", "", "").applyTo(scenario).mlflow())
                .isEqualTo(scenario.mlflow());
    }

    @Test
    void anImageReferenceIsInstalledAsIs() {
        assertThat(VersionOverrides.parse("registry.example/mlflow:v2.12.1-full", "", "")
                        .applyTo(scenario)
                        .mlflow())
                .isEqualTo(new MlflowImage(null, "registry.example/mlflow:v2.12.1-full"));
    }

    @Test
    void malformedValuesNameTheProperty() {
        assertThatThrownBy(() -> VersionOverrides.parse("latest", "", ""))
                .hasMessageStartingWith("-Dmlflow.from=latest: not an MLflow version");
        assertThatThrownBy(() -> VersionOverrides.parse("", "3.x", ""))
                .hasMessageStartingWith("-Dmlflow.to=3.x: not an MLflow version");
        assertThatThrownBy(() -> VersionOverrides.parse("", "", "v1"))
                .hasMessageStartingWith("-Dchart.from='v1' is not a chart");
    }
}
