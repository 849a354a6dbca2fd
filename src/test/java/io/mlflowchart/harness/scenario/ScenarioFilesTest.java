package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every scenario in the repository loads and validates: a typo fails here, not an hour into a run. */
class ScenarioFilesTest {

    private static final Path SCENARIOS = Path.of("scenarios");

    @Test
    void everyScenarioFileLoadsAndValidates() {
        List<Scenario> scenarios = new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS);

        assertThat(scenarios)
                .extracting(Scenario::name)
                .contains("dev-smoke", "prod-smoke", "dev-smoke-mlflow-2.9.2", "prod-smoke-mlflow-2.9.2");
    }

    @Test
    void readmeStepTableIsTheCatalogues() throws IOException {
        String readme = Files.readString(SCENARIOS.resolve("README.md"));
        String table =
                readme.substring(readme.indexOf("| Step |"), readme.indexOf("\n\n", readme.indexOf("| Step |")) + 1);

        assertThat(table)
                .as("the step table in scenarios/README.md; paste the expected one")
                .isEqualTo(StepCatalogue.markdownTable());
    }

    @Test
    void smokeScenariosCheckDataHelmTestsEveryWayInAndProdAlsoTheBucket() {
        List<Scenario> smoke =
                ScenarioSelection.parse("*-smoke*").select(new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS));

        assertThat(smoke)
                .allSatisfy(scenario -> assertThat(scenario.steps())
                        .extracting(Step::name)
                        .as(scenario.name())
                        .startsWith("install", "load-data", "verify", "helm-test")
                        .containsSubsequence(
                                scenario.profile() == Profile.PROD
                                        ? List.of("helm-test", "reach-server", "verify-artifacts-in-bucket")
                                        : List.of("helm-test", "reach-server")));
    }
}
