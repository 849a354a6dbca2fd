package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which container states stop a wait early, read from pod statuses as the kubelet writes them. */
class PodTroubleTest {

    private static final String IMAGE = "ghcr.io/mlflow/mlflow:v3.8.1-full";

    private static final Instant STARTED = Instant.parse("2026-12-03T14:00:00Z");

    /** Long enough after the pod started for a missing Secret to be one nobody created. */
    private static final Instant NOW = STARTED.plus(PodTrouble.CONFIG_GRACE).plusSeconds(1);

    @Test
    void aContainerThatCannotGetItsImageIsTroubleAtOnce() {
        Pod pod = pod(List.of(), waiting("ImagePullBackOff", "Back-off pulling image \"" + IMAGE + "\"", 0));

        assertThat(PodTrouble.of(pod, NOW))
                .contains(new PodTrouble(
                        "mlflow-7d9f",
                        "mlflow",
                        IMAGE,
                        "ImagePullBackOff",
                        "cannot get its image: Back-off pulling image \"" + IMAGE + "\""));
        assertThat(PodTrouble.of(pod, NOW).orElseThrow())
                .hasToString("pod mlflow-7d9f container mlflow (image " + IMAGE
                        + ") cannot get its image: Back-off pulling image \"" + IMAGE + "\" [ImagePullBackOff]");
    }

    @Test
    void anInitContainerThatCannotGetItsImageIsTroubleToo() {
        assertThat(PodTrouble.of(pod(List.of(waiting("ErrImagePull", "not found", 0)), running()), NOW))
                .map(PodTrouble::reason)
                .contains("ErrImagePull");
    }

    @Test
    void oneCrashIsNotALoopButThreeAre() {
        assertThat(PodTrouble.of(pod(List.of(), crashed(1)), NOW)).isEmpty();
        assertThat(PodTrouble.of(pod(List.of(), crashed(2)), NOW))
                .contains(new PodTrouble(
                        "mlflow-7d9f",
                        "mlflow",
                        IMAGE,
                        "CrashLoopBackOff",
                        "keeps crashing: 2 restarts, last exit code 1 (Error)"));
    }

    @Test
    void aContainerWhoseSecretIsStillMissingAfterTheGraceIsTrouble() {
        Pod pod = pod(List.of(), waiting("CreateContainerConfigError", "secret \"mlflow-webhooks\" not found", 0));

        assertThat(PodTrouble.of(pod, STARTED.plusSeconds(5))).isEmpty();
        assertThat(PodTrouble.of(pod, NOW))
                .contains(new PodTrouble(
                        "mlflow-7d9f",
                        "mlflow",
                        IMAGE,
                        "CreateContainerConfigError",
                        "cannot be configured after 30 s: secret \"mlflow-webhooks\" not found"));
    }

    @Test
    void aRunningOrStartingContainerIsNoTrouble() {
        assertThat(PodTrouble.of(pod(List.of(), running()), NOW)).isEmpty();
        assertThat(PodTrouble.of(pod(List.of(), waiting("ContainerCreating", null, 0)), NOW))
                .isEmpty();
        assertThat(PodTrouble.of(
                        new PodBuilder()
                                .withNewMetadata()
                                .withName("pending")
                                .endMetadata()
                                .build(),
                        NOW))
                .isEmpty();
    }

    private static Pod pod(List<ContainerStatus> init, ContainerStatus main) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("mlflow-7d9f")
                .endMetadata()
                .withNewStatus()
                .withStartTime(STARTED.toString())
                .withInitContainerStatuses(init)
                .withContainerStatuses(main)
                .endStatus()
                .build();
    }

    private static ContainerStatus waiting(String reason, String message, int restarts) {
        return new ContainerStatusBuilder()
                .withName("mlflow")
                .withImage(IMAGE)
                .withRestartCount(restarts)
                .withNewState()
                .withNewWaiting()
                .withReason(reason)
                .withMessage(message)
                .endWaiting()
                .endState()
                .build();
    }

    private static ContainerStatus crashed(int restarts) {
        return new ContainerStatusBuilder(
                        waiting("CrashLoopBackOff", "back-off 20s restarting failed container", restarts))
                .withNewLastState()
                .withNewTerminated()
                .withExitCode(1)
                .withReason("Error")
                .endTerminated()
                .endLastState()
                .build();
    }

    private static ContainerStatus running() {
        return new ContainerStatusBuilder()
                .withName("mlflow")
                .withImage(IMAGE)
                .withRestartCount(0)
                .withNewState()
                .withNewRunning()
                .endRunning()
                .endState()
                .build();
    }
}
