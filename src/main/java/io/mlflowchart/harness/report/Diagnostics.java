package io.mlflowchart.harness.report;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.helm.Release;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a failed scenario leaves for the person reading the report: every container's log (the migration Job's
 * included), the namespace's events and the release's {@code helm history}. Each part is collected on its own:
 * one that cannot be read says why in its file instead of hiding the others.
 */
public record Diagnostics(KubernetesClient client, String namespace, Release release) {

    /** Folder of container logs, each named {@code <pod>_<container>.log}. */
    static final String LOGS = "logs";

    static final String EVENTS = "events.txt";

    static final String HELM_HISTORY = "helm-history.txt";

    /** The chart's migration Job names its container so. */
    static final String MIGRATION_CONTAINER = "migration";

    public Path writeTo(Path directory) {
        try {
            Files.createDirectories(directory.resolve(LOGS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Pod pod : client.pods().inNamespace(namespace).list().getItems()) {
            Stream.concat(
                            pod.getStatus().getInitContainerStatuses().stream(),
                            pod.getStatus().getContainerStatuses().stream())
                    .map(ContainerStatus::getName)
                    .forEach(container -> save(
                            directory.resolve(LOGS).resolve(pod.getMetadata().getName() + "_" + container + ".log"),
                            () -> client.pods()
                                    .inNamespace(namespace)
                                    .withName(pod.getMetadata().getName())
                                    .inContainer(container)
                                    .getLog()));
        }
        save(
                directory.resolve(EVENTS),
                () -> client.v1().events().inNamespace(namespace).list().getItems().stream()
                        .map(event -> String.format(
                                "%s %s %s/%s: %s",
                                event.getLastTimestamp(),
                                event.getType(),
                                event.getInvolvedObject().getKind(),
                                event.getInvolvedObject().getName(),
                                event.getMessage()))
                        .collect(Collectors.joining("\n")));
        save(
                directory.resolve(HELM_HISTORY),
                () -> release.history().stream().map(Object::toString).collect(Collectors.joining("\n")));
        return directory;
    }

    private static void save(Path file, Supplier<String> content) {
        String text;
        try {
            text = content.get();
        } catch (RuntimeException e) {
            text = "could not be collected: " + e;
        }
        try {
            Files.writeString(file, text == null ? "" : text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
