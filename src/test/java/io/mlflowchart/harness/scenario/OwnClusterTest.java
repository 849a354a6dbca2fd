package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OwnClusterTest {

    private final ScenarioLoader loader = new ScenarioLoader(Path.of("."));

    private final Scenario drain = loader.parse(Path.of("scenarios/prod-drain.yaml"), """
            name: prod-drain
            description: drains a node of its own cluster
            profile: prod
            cluster:
              nodes: 2
            steps: [install, drain-node]
            """);

    private final Scenario smoke = loader.parse(Path.of("scenarios/prod-smoke.yaml"), """
            name: prod-smoke
            description: the shared cluster
            profile: prod
            steps: [install]
            """);

    @Test
    void refusesAClusterOfItsOwnOnAClusterTheUserGaveNamingTheFileAndLine() {
        ScenarioException refused = catchThrowableOfType(
                ScenarioException.class,
                () -> OwnCluster.requireHarnessCluster(List.of(smoke, drain), "kubeconfig:/home/me/.kube/config"));
        assertThat(refused.problems())
                .map(Problem::toString)
                .containsExactly("scenarios/prod-drain.yaml:4: cluster: a k3s of the scenario's own needs cluster=k3s;"
                        + " this run is on cluster=kubeconfig:/home/me/.kube/config, where the harness starts no nodes,"
                        + " and draining a node of that cluster would evict every pod on it, other workloads' included."
                        + " Leave prod-drain out of -Dscenario=, or run it on cluster=k3s.");
    }

    @Test
    void letsItRunOnTheHarnesssK3sAndTheSharedClusterScenariosAnywhere() {
        assertThatCode(() -> OwnCluster.requireHarnessCluster(List.of(smoke, drain), "k3s"))
                .doesNotThrowAnyException();
        assertThatCode(() -> OwnCluster.requireHarnessCluster(List.of(smoke), "kubeconfig:/home/me/.kube/config"))
                .doesNotThrowAnyException();
    }
}
