package io.mlflowchart.harness.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.time.Duration;
import java.util.Objects;

/**
 * Waits until a Deployment has rolled out its current spec. fabric8's readiness check ignores rollout
 * generations, so right after an upgrade it can report ready before the new pods exist; this waits on
 * the controller having seen the spec ({@code observedGeneration >= generation}) and on every replica
 * being updated and available, with no old replica left.
 */
public record Rollout(String namespace, String deployment) {

    /** Waits until complete; stops at the first of {@code pods} that cannot get its image or keeps crashing. */
    public Deployment awaitComplete(PodWatch pods, Duration timeout) {
        String rollout = "rollout of deployment " + namespace + "/" + deployment;
        return Waits.on(
                WaitingOn.KUBERNETES,
                () -> await(rollout)
                        .atMost(timeout)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                pods.checking(
                                        rollout,
                                        () -> pods.client()
                                                .apps()
                                                .deployments()
                                                .inNamespace(namespace)
                                                .withName(deployment)
                                                .get()),
                                Rollout::isComplete));
    }

    static boolean isComplete(Deployment deployment) {
        if (deployment == null || deployment.getStatus() == null) {
            return false;
        }
        DeploymentStatus status = deployment.getStatus();
        int wanted = Objects.requireNonNullElse(deployment.getSpec().getReplicas(), 1);
        return status.getObservedGeneration() != null
                && status.getObservedGeneration() >= deployment.getMetadata().getGeneration()
                && Objects.requireNonNullElse(status.getUpdatedReplicas(), 0) == wanted
                && Objects.requireNonNullElse(status.getAvailableReplicas(), 0) == wanted
                && Objects.requireNonNullElse(status.getReplicas(), 0) == wanted;
    }
}
