package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A container that will not become ready by waiting: it cannot get its image, or it keeps crashing. Seen within
 * seconds, where Helm's {@code --wait} spends its whole timeout and then says only "context deadline exceeded".
 */
public record PodTrouble(String pod, String container, String image, String reason, String detail) {

    /** Waiting reasons that no amount of waiting cures. */
    private static final Set<String> CANNOT_GET_IMAGE =
            Set.of("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull");

    private static final String CRASH_LOOP = "CrashLoopBackOff";

    /** Restarts after which a crash is a loop, not one crash a restart cures (about 45 s of kubelet's back-off). */
    static final int CRASH_LOOP_RESTARTS = 2;

    /** The first container of {@code pod} (init containers included) in trouble, as its status says. */
    public static Optional<PodTrouble> of(Pod pod) {
        if (pod.getStatus() == null) {
            return Optional.empty();
        }
        return Stream.concat(
                        statuses(pod.getStatus().getInitContainerStatuses()),
                        statuses(pod.getStatus().getContainerStatuses()))
                .map(status -> of(pod.getMetadata().getName(), status))
                .flatMap(Optional::stream)
                .findFirst();
    }

    /**
     * Every pod of {@code namespace} that {@code counts} and is in trouble; a crash loop with the last line its container
     * logged before it stopped.
     */
    static List<PodTrouble> in(KubernetesClient client, String namespace, Predicate<Pod> counts) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(counts)
                .map(PodTrouble::of)
                .flatMap(Optional::stream)
                .map(trouble ->
                        trouble.reason.equals(CRASH_LOOP) ? trouble.withLastLogLine(client, namespace) : trouble)
                .toList();
    }

    private static Optional<PodTrouble> of(String pod, ContainerStatus status) {
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
