package io.mlflowchart.harness.scenario;

import static io.mlflowchart.harness.scenario.ScenarioFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scenario's expected cost, which splits shards and orders a concurrent run. */
class ScenarioCostTest {

    @Test
    void weighsAScenarioByTheKindsOfItsSteps() {
        Scenario smoke = scenario("smoke", "install", "load-data", "verify");
        Scenario upgrade = scenario("upgrade", "install", "load-data", "upgrade", "verify");

        assertThat(ScenarioCost.expectedSeconds(smoke)).isEqualTo(15 + 5 + 5);
        assertThat(ScenarioCost.expectedSeconds(upgrade)).isEqualTo(15 + 5 + 85 + 5);
    }

    @Test
    void aClusterOfTheScenariosOwnCostsItsStart() {
        Scenario drain = new ScenarioLoader(Path.of(".")).load(Path.of("scenarios/prod-node-drain.yaml"));

        assertThat(drain.cluster()).isPresent();
        assertThat(ScenarioCost.expectedSeconds(drain))
                .as("install, load-data, drain-node, verify and the cluster's start")
                .isEqualTo(15 + 5 + 15 + 5 + ScenarioCost.OWN_CLUSTER_SECONDS);
    }

    @Test
    void ordersTheCostliestFirstAndEqualCostsByName() {
        List<Scenario> files = List.of(
                scenario("b-smoke", "install", "verify"),
                scenario("restore", "install", "backup", "destroy", "restore", "verify"),
                scenario("a-smoke", "install", "verify"),
                scenario("upgrade", "install", "upgrade", "verify"));

        assertThat(files.stream().sorted(ScenarioCost.COSTLIEST_FIRST).map(Scenario::name))
                .containsExactly("upgrade", "restore", "a-smoke", "b-smoke");
    }
}
