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
 * A release whose pods cannot start fails its step within seconds, saying why, instead of after Helm's (or the
 * rollout's) six-minute wait: here an image no registry has. Each wait on the release goes through the same watch,
 * whether Helm waits or the harness waits for a rollout after a change made behind Helm's back (a runbook restore).
 */
@ExtendWith(SharedEnvironmentExtension.class)
class FailFastIT {

    private static final Path WORK = Path.of("target/fail-fast-it").toAbsolutePath();

    private static final String MISSING = "localhost/mlflow-chart/mlflow:0.0.1-missing";

    @Test
    void anInstallWhosePodsCannotGetTheirImageStopsNamingPodImageAndReason(SharedEnvironment environment)
            throws Exception {
        try (ScenarioRun run = run(environment, "missing-image", "image: " + MISSING)) {
            assertThatThrownBy(() -> run.release().install(run.chart()))
                    .isInstanceOf(PodsInTrouble.class)
                    .hasMessageStartingWith(
                            "helm install of missing-image/mlflow stopped early, it cannot succeed: pod mlflow-")
                    .hasMessageContaining("(image " + MISSING + ") cannot get its image");
        }
    }

    @Test
    void aChangeBehindHelmsBackWhoseNewPodsCannotGetTheirImageStopsTheRollout(SharedEnvironment environment)
            throws Exception {
        try (ScenarioRun run = run(environment, "missing-image-rollout", "version: \"3.17.2\"")) {
            ChartRelease release = run.release();
            release.install(run.chart());

            assertThatThrownBy(() -> release.replacingServer(() -> run.kubernetes()
                            .apps()
                            .deployments()
                            .inNamespace(release.namespace())
                            .withName(release.layout().deployment())
                            .edit(deployment -> {
                                deployment
                                        .getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .setImage(MISSING);
                                return deployment;
                            })))
                    .isInstanceOf(PodsInTrouble.class)
                    .hasMessageContaining("missing-image-rollout/mlflow")
                    .hasMessageContaining("stopped early, it cannot succeed: pod mlflow-")
                    .hasMessageContaining("(image " + MISSING + ") cannot get its image");
        }
    }

    private static ScenarioRun run(SharedEnvironment environment, String name, String mlflow) throws Exception {
        Path scenarios = Files.createDirectories(WORK.resolve("scenarios"));
        Scenario scenario = new ScenarioLoader(Path.of("").toAbsolutePath())
                .parse(scenarios.resolve(name + ".yaml"), """
                        name: %s
                        description: an MLflow image no registry has
                        profile: dev
                        mlflow:
                          %s
                        steps: [install]
                        """.formatted(name, mlflow));
        return new ScenarioRun(
                scenario, ScenarioSuite.of(Path.of("charts/mlflow")), environment, Helm.locate(), WORK.resolve(name));
    }
}
