package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.environment.SharedEnvironmentExtension;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every file under {@code scenarios/} (or those {@code -Dscenario=} selects) run against {@code charts/mlflow} on the
 * shared cluster, as many at once as {@link ScenarioParallelism} allows, each step a test: this repository's use of the engine's {@link ScenarioSuite}.
 */
@ExtendWith(SharedEnvironmentExtension.class)
class ScenariosIT {

    /** What every release needs on the harness's one small node; {@link ScenarioFilesTest} renders it too. */
    static final Path EVERY_SCENARIO_VALUES = Path.of("scenarios/values/small-node.yaml");

    private static final ScenarioSuite SUITE = ScenarioSuite.of(Path.of("charts/mlflow"))
            .valuesForEveryScenario(EVERY_SCENARIO_VALUES)
            .withSettings();

    @TestFactory
    Stream<DynamicContainer> scenarios(SharedEnvironment environment) {
        return SUITE.scenarios(environment);
    }

    @AfterAll
    static void printVerdict() {
        SUITE.printVerdict();
    }
}
