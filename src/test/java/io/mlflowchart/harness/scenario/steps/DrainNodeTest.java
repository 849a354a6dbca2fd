package io.mlflowchart.harness.scenario.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrainNodeTest {

    @Test
    void drainsAnAgentThatRunsAServerPodRatherThanTheControlPlanesNode() {
        assertThat(DrainNode.nodeToDrain(Map.of("mlflow-a", "c-server", "mlflow-b", "c-agent-1"), "c-server"))
                .isEqualTo("c-agent-1");
        assertThat(DrainNode.nodeToDrain(
                        Map.of("mlflow-a", "c-agent-2", "mlflow-b", "c-agent-1", "mlflow-c", "c-server"), "c-server"))
                .isEqualTo("c-agent-1");
        assertThat(DrainNode.nodeToDrain(Map.of("mlflow-a", "c-server", "mlflow-b", "c-server"), "c-server"))
                .isEqualTo("c-server");
    }

    @Test
    void readsHowManyPodsTheBudgetLetsGoAsTheEvictionApiCountsThem() {
        assertThat(DrainNode.allowedDown(budget(new IntOrString(1), null), 2)).isEqualTo(1);
        assertThat(DrainNode.allowedDown(budget(new IntOrString("25%"), null), 3))
                .isEqualTo(1);
        assertThat(DrainNode.allowedDown(budget(null, new IntOrString(1)), 3)).isEqualTo(2);
        assertThat(DrainNode.allowedDown(budget(null, new IntOrString("50%")), 3))
                .isEqualTo(1);
    }

    @Test
    void readsTheEvictedPodsAndTheEvictionsTheBudgetRefusedFromDrainsOutput() {
        DrainOutput output = DrainOutput.of("""
                node/prod-node-drain-agent-1 cordoned
                evicting pod prod-node-drain/mlflow-7d9f-abcde
                evicting pod prod-node-drain/mlflow-7d9f-fghij
                error when evicting pods/"mlflow-7d9f-fghij" -n "prod-node-drain" (will retry after 5s): Cannot \
                evict pod as it would violate the pod's disruption budget.
                evicting pod prod-node-drain/mlflow-7d9f-fghij
                pod/mlflow-7d9f-abcde evicted
                pod/mlflow-7d9f-fghij evicted
                node/prod-node-drain-agent-1 drained
                """);
        assertThat(output.evicted())
                .containsExactly("prod-node-drain/mlflow-7d9f-abcde", "prod-node-drain/mlflow-7d9f-fghij");
        assertThat(output.refusedByBudget()).containsExactly("prod-node-drain/mlflow-7d9f-fghij");
        assertThat(DrainOutput.of("node/n cordoned\nnode/n drained\n").evicted())
                .isEmpty();
    }

    private static PodDisruptionBudget budget(IntOrString maxUnavailable, IntOrString minAvailable) {
        return new PodDisruptionBudgetBuilder()
                .withNewSpec()
                .withMaxUnavailable(maxUnavailable)
                .withMinAvailable(minAvailable)
                .endSpec()
                .build();
    }
}
