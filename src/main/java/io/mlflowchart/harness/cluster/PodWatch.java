package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.process.BlockingCall;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The one watch every wait on a release's pods goes through (a Helm change and its hooks, a sync, a runbook target,
 * a rollout, a Job, a one-shot pod): a pod of {@code namespace} that cannot get its image or keeps crashing
 * ({@link PodTrouble}) ends the wait within seconds with {@link PodsInTrouble}, instead of after the wait's whole
 * timeout. Only pods created {@code since} the change began count: a pod that was already crash-looping (the old
 * server a bare rollback left) is what the change replaces, not a reason to stop it.
 */
public record PodWatch(KubernetesClient client, String namespace, Instant since) {

    /** How often a blocking wait ({@link #during}) looks at the pods. */
    private static final Duration POLL = Duration.ofSeconds(3);

    /** Throws {@link PodsInTrouble} naming every pod in trouble, if any, as what stopped {@code waitingFor}. */
    public void check(String waitingFor) {
        List<PodTrouble> troubles = PodTrouble.in(client, namespace, this::counts);
        if (!troubles.isEmpty()) {
            throw new PodsInTrouble(waitingFor, troubles);
        }
    }

    /** {@code poll}, a condition Awaitility polls, checked for trouble first: the wait ends at the first. */
    public <T> Callable<T> checking(String waitingFor, Callable<T> poll) {
        return () -> {
            check(waitingFor);
            return poll.call();
        };
    }

    /**
     * Runs {@code blocking} (a Helm or make process that waits itself) on a thread of its own, checking meanwhile;
     * trouble interrupts it, which kills the process ({@code ExternalCommand}), and throws.
     */
    public <T> T during(String waitingFor, Supplier<T> blocking) {
        return BlockingCall.run(waitingFor + " in " + namespace, blocking::get, POLL, () -> check(waitingFor));
    }

    /** Whether the pod was created since the watch began; Kubernetes keeps creation times to the second. */
    boolean counts(Pod pod) {
        String created = pod.getMetadata().getCreationTimestamp();
        return created == null || !Instant.parse(created).isBefore(since.truncatedTo(ChronoUnit.SECONDS));
    }
}
