package io.mlflowchart.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.Release;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a failed scenario's folder holds: every container's log, the namespace's events and the release's history. */
@EnableKubernetesMockClient(crud = true)
class DiagnosticsTest {

    private static final String NAMESPACE = "prod-failed-migration";

    /** What {@code helm history -o json} prints for a release whose upgrade failed. */
    private static final String HISTORY = """
        [{"revision":1,"updated":"2026-01-15T10:00:00Z","status":"superseded","chart":"mlflow-0.4.0","app_version":"2.9.2",\
        "description":"Install complete"},{"revision":2,"updated":"2026-01-15T10:04:00Z","status":"failed",\
        "chart":"mlflow-0.4.0","app_version":"3.17.2","description":"Upgrade \\"mlflow\\" failed: pre-upgrade hooks failed"}]""";

    KubernetesClient client;

    KubernetesMockServer server;

    @TempDir
    Path directory;

    @TempDir
    Path tools;

    @BeforeEach
    void podsAndEvents() {
        pod("mlflow-7d9f6c5b4-kx2vq", List.of(container("wait-for-db")), List.of(container("mlflow")));
        pod("mlflow-migration-x7k2p", null, List.of(container("migration")));
        client.v1()
                .events()
                .inNamespace(NAMESPACE)
                .resource(new EventBuilder()
                        .withNewMetadata()
                        .withName("mlflow-migration-x7k2p.1")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withLastTimestamp("2026-01-15T10:03:59Z")
                        .withType("Warning")
                        .withMessage("Back-off restarting failed container")
                        .withNewInvolvedObject()
                        .withKind("Pod")
                        .withName("mlflow-migration-x7k2p")
                        .endInvolvedObject()
                        .build())
                .create();
    }

    @Test
    void savesEveryContainersLogTheEventsAndTheHelmHistory() throws IOException {
        log("mlflow-7d9f6c5b4-kx2vq", "wait-for-db", 200, "postgres:5432 - accepting connections\n");
        log("mlflow-7d9f6c5b4-kx2vq", "mlflow", 200, "[INFO] Listening at: http://0.0.0.0:5000\n");
        log("mlflow-migration-x7k2p", "migration", 200, "alembic.util.exc.CommandError: Can't locate revision\n");
        Path history = Files.writeString(tools.resolve("history.json"), HISTORY);

        Path written = diagnostics(helm("cat " + history)).writeTo(directory);

        assertThat(written).isEqualTo(directory);
        assertThat(files(directory.resolve("logs")))
                .containsExactly(
                        "mlflow-7d9f6c5b4-kx2vq_mlflow.log",
                        "mlflow-7d9f6c5b4-kx2vq_wait-for-db.log",
                        "mlflow-migration-x7k2p_migration.log");
        assertThat(directory.resolve("logs/mlflow-migration-x7k2p_migration.log"))
                .hasContent("alembic.util.exc.CommandError: Can't locate revision\n");
        assertThat(directory.resolve("logs/mlflow-7d9f6c5b4-kx2vq_wait-for-db.log"))
                .hasContent("postgres:5432 - accepting connections\n");
        assertThat(directory.resolve("events.txt"))
                .hasContent(
                        "2026-01-15T10:03:59Z Warning Pod/mlflow-migration-x7k2p: Back-off restarting failed container");
        assertThat(directory.resolve("helm-history.txt")).hasContent("""
            ReleaseRevision[revision=1, status=superseded, chart=mlflow-0.4.0, appVersion=2.9.2, description=Install complete]
            ReleaseRevision[revision=2, status=failed, chart=mlflow-0.4.0, appVersion=3.17.2, \
            description=Upgrade "mlflow" failed: pre-upgrade hooks failed]""");
    }

    @Test
    void writesWhyAPartCouldNotBeCollectedAndStillSavesTheOthers() throws IOException {
        log("mlflow-7d9f6c5b4-kx2vq", "wait-for-db", 200, "postgres:5432 - accepting connections\n");
        log(
                "mlflow-7d9f6c5b4-kx2vq",
                "mlflow",
                400,
                new StatusBuilder()
                        .withCode(400)
                        .withReason("BadRequest")
                        .withMessage(
                                "container \"mlflow\" in pod \"mlflow-7d9f6c5b4-kx2vq\" is waiting to start: PodInitializing")
                        .build());
        log("mlflow-migration-x7k2p", "migration", 200, "alembic.util.exc.CommandError: Can't locate revision\n");

        diagnostics(helm("echo 'Error: release: not found' >&2; exit 1")).writeTo(directory);

        assertThat(Files.readString(directory.resolve("logs/mlflow-7d9f6c5b4-kx2vq_mlflow.log")))
                .startsWith("could not be collected: io.fabric8.kubernetes.client.KubernetesClientException")
                .contains("waiting to start: PodInitializing");
        assertThat(Files.readString(directory.resolve("helm-history.txt")))
                .startsWith("could not be collected: io.mlflowchart.harness.helm.HelmException")
                .contains("Error: release: not found");
        assertThat(directory.resolve("logs/mlflow-migration-x7k2p_migration.log"))
                .hasContent("alembic.util.exc.CommandError: Can't locate revision\n");
        assertThat(directory.resolve("events.txt")).content().contains("Back-off restarting failed container");
    }

    private Diagnostics diagnostics(Helm helm) {
        Release release = helm.release("mlflow", directory.resolve("kubeconfig"), NAMESPACE);
        return new Diagnostics(client, NAMESPACE, release);
    }

    /** A Helm 3 that answers {@code history} with {@code historyScript} (shell). */
    private Helm helm(String historyScript) throws IOException {
        Path binary = Files.writeString(tools.resolve("helm"), """
            #!/bin/sh
            case "$1" in
              version) echo v3.22.0 ;;
              history) %s ;;
              *) echo "unexpected: $*" >&2; exit 2 ;;
            esac
            """.formatted(historyScript));
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        return Helm.at(binary);
    }

    private void pod(String name, List<ContainerStatus> initContainers, List<ContainerStatus> containers) {
        client.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewStatus()
                        .withInitContainerStatuses(initContainers)
                        .withContainerStatuses(containers)
                        .endStatus()
                        .build())
                .create();
    }

    private static ContainerStatus container(String name) {
        return new ContainerStatusBuilder().withName(name).build();
    }

    /** The CRUD mock serves no logs: each is an expectation. */
    private void log(String pod, String container, int status, Object body) {
        server.expect()
                .get()
                .withPath(
                        "/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false&container=" + container)
                .andReturn(status, body)
                .always();
    }

    private static List<String> files(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }
}
