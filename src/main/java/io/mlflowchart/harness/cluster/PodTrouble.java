package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A container that will not become ready by waiting: it cannot get its image, it keeps crashing, or what it is
 * configured from (a Secret, a ConfigMap, a key in one) is still missing after {@link #CONFIG_GRACE}. Seen within
 * seconds, where Helm's {@code --wait} spends its whole timeout and then says only "context deadline exceeded".
 */
public record PodTrouble(String pod, String container, String image, String reason, String detail) {

    /** Waiting reasons that no amount of waiting cures. */
    private static final Set<String> CANNOT_GET_IMAGE =
            Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

    private static final String CRASH_LOOP = "CrashLoopBackOff";

    /** The kubelet's reason for a container whose Secret, ConfigMap or key in one is missing. */
    private static final String CONFIG_ERROR = "CreateContainerConfigError";

    /**
     * How long a pod may wait for what it is configured from: an object created together with the pod can be seen by
     * the kubelet a moment late, one missing after this was never created (a Secret a user must create first).
     */
    static final Duration CONFIG_GRACE = Duration.ofSeconds(30);

    /** Restarts after which a crash is a loop, not one crash a restart cures (about 45 s of kubelet's back-off). */
    static final int CRASH_LOOP_RESTARTS = 2;

    /** The first container of {@code pod} (init containers included) in trouble at {@code now}, as its status says. */
    public static Optional<PodTrouble> of(Pod pod, Instant now) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        boolean pastConfigGrace = pod.getStatus().getStartTime() != null
                && Instant.parse(pod.getStatus().getStartTime())
                        .plus(CONFIG_GRACE)
                        .isBefore(now);
        return Stream.concat(
                        statuses(pod.getStatus().getInitContainerStatuses()),
                        statuses(pod.getStatus().getContainerStatuses()))
                .map(status -> of(pod.getMetadata().getName(), status, pastConfigGrace))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Every pod of {@code namespace} that {@code counts} and is in trouble; a crash loop with the last line its container
     * logged before it stopped.
     */
    static List<PodTrouble> in(KubernetesClient client, String namespace, Predicate<Pod> counts) {
        Instant now = Instant.now();
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(counts)
                .map(pod -> of(pod, now))
                .flatMap(Optional::stream)
                .map(trouble ->
                        trouble.reason.equals(CRASH_LOOP) ? trouble.withLastLogLine(client, namespace) : trouble)
                .toList();
    }

    private static Optional<PodTrouble> of(String pod, ContainerStatus status, boolean pastConfigGrace) {
        if (status.getState() == null || status.getState().getWaiting() == null) {
            return Optional.empty();
        }
        String reason =
                Objects.requireNonNullElse(status.getState().getWaiting().getReason(), "");
        String message =
                Objects.requireNonNullElse(status.getState().getWaiting().getMessage(), "");
        if (CANNOT_GET_IMAGE.contains(reason)) {
            return Optional.of(new PodTrouble(
                    pod, status.getName(), status.getImage(), reason, "cannot get its image: " + message));
        }
        if (reason.equals(CONFIG_ERROR) && pastConfigGrace) {
            return Optional.of(new PodTrouble(
                    pod,
                    status.getName(),
                    status.getImage(),
                    reason,
                    "cannot be configured after " + CONFIG_GRACE.toSeconds() + " s: " + message));
        }
        int restarts = Objects.requireNonNullElse(status.getRestartCount(), 0);
        if (reason.equals(CRASH_LOOP) && restarts >= CRASH_LOOP_RESTARTS) {
            ContainerStateTerminated last =
                    status.getLastState() == null ? null : status.getLastState().getTerminated();
            String exit = last == null
                    ? ""
                    : ", last exit code " + last.getExitCode()
                            + (last.getReason() == null ? "" : " (" + last.getReason() + ")");
            return Optional.of(new PodTrouble(
                    pod,
                    status.getName(),
                    status.getImage(),
                    reason,
                    "keeps crashing: " + restarts + " restarts" + exit));
        }
        return Optional.empty();
    }

    private PodTrouble withLastLogLine(KubernetesClient client, String namespace) {
        try {
            String log = client.pods()
                    .inNamespace(namespace)
                    .withName(pod)
                    .inContainer(container)
                    .terminated()
                    .getLog();
            List<String> lines = log == null
                    ? List.of()
                    : log.lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty()
                    ? this
                    : new PodTrouble(
                            pod,
                            container,
                            image,
                            reason,
                            detail + "; its last line: "
                                    + lines.get(lines.size() - 1).strip());
        } catch (KubernetesClientException noLog) {
            return this;
        }
    }

    private static Stream<ContainerStatus> statuses(List<ContainerStatus> statuses) {
        return statuses == null ? Stream.empty() : statuses.stream();
    }

    @Override
    public String toString() {
        return "pod " + pod + " container " + container + " (image " + image + ") " + detail + " [" + reason + "]";
    }
}
