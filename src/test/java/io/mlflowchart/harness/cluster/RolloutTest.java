package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A rollout is complete when the controller has seen the spec and every replica is new and available, and no old one is left. */
@EnableKubernetesMockClient(crud = true)
class RolloutTest {

    private static final String NAMESPACE = "prod-smoke";

    /** Rollout polls once a second; Awaitility refuses a timeout shorter than the first poll. */
    private static final Duration SHORT = Duration.ofMillis(1500);

    KubernetesClient client;

    KubernetesMockServer server;

    /** The mock API server gives a created object generation 1. */
    static Stream<Arguments> incompleteRollouts() {
        return Stream.of(
                Arguments.of("spec not yet seen by the controller", status(0, 2, 2, 2)),
                Arguments.of("one replica still of the old spec", status(1, 2, 1, 2)),
                Arguments.of("one new replica not yet available", status(1, 2, 2, 1)),
                Arguments.of("an old replica still running beside the new ones", status(1, 3, 2, 2)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("incompleteRollouts")
    void isIncompleteUntilEveryReplicaIsNewAndAvailable(String why, DeploymentStatus status) {
        assertThat(Rollout.isComplete(deployment(2, status))).isFalse();
    }

    @Test
    void isCompleteWhenTheControllerHasSeenTheSpecAndEveryReplicaIsNewAndAvailable() {
        assertThat(Rollout.isComplete(deployment(2, status(1, 2, 2, 2)))).isTrue();
    }

    @Test
    void takesOneReplicaWhenTheSpecGivesNone() {
        assertThat(Rollout.isComplete(deployment(null, status(1, 1, 1, 1)))).isTrue();
        assertThat(Rollout.isComplete(deployment(null, status(1, 2, 2, 2)))).isFalse();
    }

    @Test
    void isIncompleteWithoutADeploymentOrItsStatus() {
        assertThat(Rollout.isComplete(null)).isFalse();
        assertThat(Rollout.isComplete(deployment(2, null))).isFalse();
    }

    @Test
    void waitsUntilTheLastReplicaIsAvailable() throws Exception {
        create(deployment(2, status(1, 2, 2, 1)));
        int requestsBefore = server.getRequestCount();

        CompletableFuture<Deployment> rollout = CompletableFuture.supplyAsync(
                () -> new Rollout(NAMESPACE, "mlflow").awaitComplete(pods(), Duration.ofSeconds(10)));
        await("the rollout's first look at the deployment")
                .atMost(Duration.ofSeconds(5))
                .until(() -> server.getRequestCount() > requestsBefore);
        assertThat(rollout).as("rollout with one replica unavailable").isNotDone();
        client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .withName("mlflow")
                .editStatus(d -> new DeploymentBuilder(d)
                        .editStatus()
                        .withAvailableReplicas(2)
                        .endStatus()
                        .build());

        assertThat(rollout.get(10, TimeUnit.SECONDS).getStatus().getAvailableReplicas())
                .isEqualTo(2);
    }

    @Test
    void timesOutNamingTheDeploymentAndShowingItsLastStatus() {
        create(deployment(2, status(1, 2, 2, 1)));

        assertThatThrownBy(() -> new Rollout(NAMESPACE, "mlflow").awaitComplete(pods(), SHORT))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageStartingWith(
                        "Condition with alias 'rollout of deployment prod-smoke/mlflow' didn't complete within"
                                + " 1 seconds 500 milliseconds")
                .hasMessageContaining("status=DeploymentStatus(availableReplicas=1,");
    }

    @Test
    void timesOutWhenTheDeploymentDoesNotExist() {
        assertThatThrownBy(() -> new Rollout(NAMESPACE, "mlflow").awaitComplete(pods(), SHORT))
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageContaining("rollout of deployment prod-smoke/mlflow")
                .hasMessageEndingWith("but was null.");
    }

    @Test
    void stopsAtAPodThatCannotGetItsImageNamingIt() {
        create(deployment(2, status(1, 2, 2, 1)));
        createPod("mlflow-7d9f", "ImagePullBackOff");

        assertThatThrownBy(() -> new Rollout(NAMESPACE, "mlflow").awaitComplete(pods(), Duration.ofMinutes(1)))
                .isInstanceOf(PodsInTrouble.class)
                .hasMessage("rollout of deployment prod-smoke/mlflow stopped early, it cannot succeed: pod mlflow-7d9f"
                        + " container mlflow (image ghcr.io/mlflow/mlflow:v0.0.1-full) cannot get its image: no such"
                        + " image [ImagePullBackOff]");
    }

    private PodWatch pods() {
        // The mock API server stamps a pod with the second it was created in.
        return new PodWatch(client, NAMESPACE, Instant.now().minusSeconds(60));
    }

    private void createPod(String name, String waitingReason) {
        client.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewStatus()
                        .addNewContainerStatus()
                        .withName("mlflow")
                        .withImage("ghcr.io/mlflow/mlflow:v0.0.1-full")
                        .withRestartCount(0)
                        .withNewState()
                        .withNewWaiting()
                        .withReason(waitingReason)
                        .withMessage("no such image")
                        .endWaiting()
                        .endState()
                        .endContainerStatus()
                        .endStatus()
                        .build())
                .create();
    }

    private void create(Deployment deployment) {
        client.apps().deployments().inNamespace(NAMESPACE).resource(deployment).create();
    }

    private static Deployment deployment(Integer replicas, DeploymentStatus status) {
        return new DeploymentBuilder()
                .withNewMetadata()
                .withName("mlflow")
                .withNamespace(NAMESPACE)
                .withGeneration(1L)
                .endMetadata()
                .withNewSpec()
                .withReplicas(replicas)
                .endSpec()
                .withStatus(status)
                .build();
    }

    private static DeploymentStatus status(long observedGeneration, int replicas, int updated, int available) {
        return new DeploymentStatusBuilder()
                .withObservedGeneration(observedGeneration)
                .withReplicas(replicas)
                .withUpdatedReplicas(updated)
                .withAvailableReplicas(available)
                .build();
    }
}
