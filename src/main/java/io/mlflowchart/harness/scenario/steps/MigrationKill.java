package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.mlflowchart.harness.cluster.ContainerKill;
import io.mlflowchart.harness.scenario.StepFailure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The migration Job's first pod killed half-way: once its container runs, {@link MigrationFreeze} stops
 * {@code mlflow db upgrade} at the first sign that it is half-way, then {@link ContainerKill} SIGKILLs the container.
 * Kubernetes then does what it does after any crash of the Job's pod: it starts another one
 * ({@code migration.backoffLimit}), which runs the migration again on what the killed one left.
 */
final class MigrationKill {

    private static final String CONTAINER = "migration";

    private final KubernetesClient client;

    private final ContainerKill kill;

    private String what;

    MigrationKill(KubernetesClient client, ContainerKill kill) {
        this.client = client;
        this.kill = kill;
    }

    /** Waits for the Job's pod to run its migration container, freezes the migration half-way, and kills it. */
    void strike(MigrationJob job) {
        Pod pod = await("a pod of migration Job " + job.name() + " to run its migration")
                .atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofMillis(100))
                .until(
                        () -> job.pods(client).stream()
                                .filter(MigrationKill::migrating)
                                .findFirst(),
                        java.util.Optional::isPresent)
                .get();
        String frozen = freeze(pod);
        what = "froze mlflow db upgrade half-way (" + frozen + "), then " + kill.sigkill(pod, CONTAINER);
    }

    /** What the strike did, for the report; null before it struck. */
    String what() {
        return what;
    }

    private String freeze(Pod pod) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .inContainer(CONTAINER)
                .writingOutput(output)
                .writingError(output)
                .exec("python", "-c", MigrationFreeze.PROGRAM)) {
            int exit = exec.exitCode().get(3, TimeUnit.MINUTES);
            String printed = output.toString(StandardCharsets.UTF_8).strip();
            if (exit != 0) {
                throw new StepFailure("could not catch the migration of "
                        + pod.getMetadata().getName() + " half-way (exit " + exit + "): " + printed);
            }
            return printed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while watching the migration", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(
                    "could not watch the migration of " + pod.getMetadata().getName(), e);
        }
    }

    private static boolean migrating(Pod pod) {
        return pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .anyMatch(status -> status.getName().equals(CONTAINER)
                                && status.getState() != null
                                && status.getState().getRunning() != null);
    }
}
