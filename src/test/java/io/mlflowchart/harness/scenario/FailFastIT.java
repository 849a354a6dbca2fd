package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.cluster.PodsInTrouble;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.environment.SharedEnvironmentExtension;
import io.mlflowchart.harness.helm.Helm;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A release whose pods cannot start fails its step within seconds, saying why, instead of after Helm's six-minute
 * wait with "context deadline exceeded": here an MLflow version no registry has an image for.
 */
@ExtendWith(SharedEnvironmentExtension.class)
class FailFastIT {

    private static final Path WORK = Path.of("target/fail-fast-it").toAbsolutePath();

    @Test
    void anInstallWhosePodsCannotGetTheirImageStopsNamingPodImageAndReason(SharedEnvironment environment)
            throws Exception {
        Path scenarios = Files.createDirectories(WORK.resolve("scenarios"));
        Scenario scenario =
                new ScenarioLoader(Path.of("").toAbsolutePath()).parse(scenarios.resolve("missing-image.yaml"), """
            name: missing-image
            description: an MLflow version without an image
            profile: dev
            mlflow:
              version: "0.0.1"
            steps: [install]
            """);
        ScenarioSuite suite = ScenarioSuite.of(Path.of("charts/mlflow"));
        try (ScenarioRun run = new ScenarioRun(scenario, suite, environment, Helm.locate(), WORK.resolve("evidence"))) {
            assertThatThrownBy(() -> run.release().install(run.chart()))
                    .isInstanceOf(PodsInTrouble.class)
                    .hasMessageStartingWith(
                            "helm install of missing-image/mlflow stopped early, it cannot succeed: pod mlflow-")
                    .hasMessageContaining("(image ghcr.io/mlflow/mlflow:v0.0.1-full) cannot get its image");
        }
    }
}
