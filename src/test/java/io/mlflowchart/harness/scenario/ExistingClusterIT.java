package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.github.dockerjava.api.DockerClient;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.cluster.ContainerdImageImport;
import io.mlflowchart.harness.cluster.ExistingCluster;
import io.mlflowchart.harness.cluster.K3sCluster;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.OneShotPod;
import io.mlflowchart.harness.cluster.OneShotPod.PodOutcome;
import io.mlflowchart.harness.docker.Reuse;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.report.RunReport;
import io.mlflowchart.harness.report.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * {@code cluster=kubeconfig:<file>} runs the scenarios unchanged on a cluster the harness did not start. The user's
 * cluster here is a second k3s started beside the harness, with the dev profile's images preloaded as a user would
 * preload them; dev-smoke must pass on it without the harness starting a k3s of its own or touching the rest of that
 * cluster, and its pods must reach the MinIO container that the prod profile would use.
 */
class ExistingClusterIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    /** Work of the cluster's owner that the harness must leave alone. */
    private static final String USERS_NAMESPACE = "users-own-work";

    private static final String ROUTE_PROBE = "route-probe";

    /** A small image with wget; the user's cluster gets it preloaded like the chart's images. */
    private static final String PROBE_IMAGE = new HarnessProperty("probe.image", "busybox:1.37.0").value();

    private static K3sContainer usersCluster;

    private static Path kubeconfig;

    private static SharedEnvironment environment;

    @BeforeAll
    static void startTheUsersCluster() throws IOException {
        usersCluster = new K3sContainer(
                        DockerImageName.parse(K3sCluster.IMAGE.value()).asCompatibleSubstituteFor("rancher/k3s"))
                .withStartupTimeout(Duration.ofMinutes(4));
        usersCluster.start();
        kubeconfig = Files.createTempFile("users-cluster-", ".yaml");
        Files.writeString(kubeconfig, usersCluster.getKubeConfigYaml());
        try (KubernetesClient client = usersClient()) {
            client.namespaces()
                    .resource(new NamespaceBuilder()
                            .withNewMetadata()
                            .withName(USERS_NAMESPACE)
                            .endMetadata()
                            .build())
                    .create();
        }
        new ContainerdImageImport(usersCluster).importLocal(devProfileImages());
        environment = new SharedEnvironment(KubernetesCluster.KUBECONFIG_PREFIX + kubeconfig, Reuse.OFF);
    }

    @AfterAll
    static void stopTheUsersCluster() throws IOException {
        try {
            if (environment != null) {
                environment.close();
            }
        } finally {
            if (usersCluster != null) {
                usersCluster.stop();
            }
            if (kubeconfig != null) {
                Files.deleteIfExists(kubeconfig);
            }
        }
    }

    @TestFactory
    Stream<DynamicNode> passesDevSmokeOnAClusterItDidNotStart() {
        Scenario devSmoke = new ScenarioLoader(ROOT).load(ROOT.resolve("scenarios/dev-smoke.yaml"));
        RunReport report = RunReport.start(ROOT.resolve("target/existing-cluster-it/reports"));
        return Stream.of(
                new ScenarioExecution(
                                devSmoke,
                                ScenarioSuite.of(Path.of("charts/mlflow")),
                                environment,
                                Helm.locate(),
                                report,
                                VersionOverrides.none())
                        .asContainer(ExecutionMode.SAME_THREAD),
                dynamicTest(
                        "the scenario passed",
                        () -> assertThat(report.scenarios())
                                .singleElement()
                                .extracting(ScenarioResult::passed)
                                .isEqualTo(true)),
                dynamicTest("the harness started no cluster of its own", () -> {
                    assertThat(environment.cluster()).isInstanceOf(ExistingCluster.class);
                    // A k3s of the harness's own, like every container it starts, would be on its network.
                    DockerClient docker = DockerClientFactory.instance().client();
                    assertThat(docker.inspectNetworkCmd()
                                    .withNetworkId(environment.network().getId())
                                    .exec()
                                    .getContainers())
                            .isEmpty();
                }),
                dynamicTest("its pods reach a container beside the cluster through the Docker host", () -> {
                    KubernetesClient client = environment.cluster().client();
                    client.namespaces()
                            .resource(new NamespaceBuilder()
                                    .withNewMetadata()
                                    .withName(ROUTE_PROBE)
                                    .endMetadata()
                                    .build())
                            .create();
                    try {
                        String health = environment.objectStore().endpointFor(environment.cluster(), ROUTE_PROBE)
                                + "/minio/health/live";
                        new ContainerdImageImport(usersCluster).importLocal(List.of(PROBE_IMAGE));

                        // kube-proxy programs a new Service within a second or so: retry as a client would.
                        PodOutcome outcome = new OneShotPod("wget", PROBE_IMAGE)
                                .command(
                                        "sh",
                                        "-c",
                                        "for attempt in 1 2 3 4 5 6 7 8 9 10; do " + "wget -q -T 2 -O /dev/null "
                                                + health + " && exit 0; sleep 1; done; exit 1")
                                .run(client, ROUTE_PROBE);

                        assertThat(outcome.succeeded())
                                .as("GET %s, log: %s", health, outcome.log())
                                .isTrue();
                    } finally {
                        client.namespaces().withName(ROUTE_PROBE).delete();
                    }
                }),
                dynamicTest("the user's cluster keeps its namespaces once the harness has stopped", () -> {
                    environment.close();
                    try (KubernetesClient client = usersClient()) {
                        List<String> namespaces = client.namespaces().list().getItems().stream()
                                .map(namespace -> namespace.getMetadata().getName())
                                .toList();
                        assertThat(namespaces)
                                .contains(USERS_NAMESPACE, "default", "kube-system")
                                .doesNotContain("dev-smoke");
                    }
                }));
    }

    private static KubernetesClient usersClient() {
        return new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfig.toFile()))
                .build();
    }

    /** Every image the chart runs in the dev profile, its test hook included: what the user's cluster must have. */
    private static List<String> devProfileImages() {
        Path chart = ROOT.resolve("charts/mlflow");
        List<HasMetadata> objects = Helm.locate()
                .template(chart)
                .named(ScenarioSuite.DEFAULT_RELEASE)
                .inNamespace("dev-smoke")
                .withValues(chart.resolve("values-dev.yaml"))
                .render()
                .objects();
        return List.copyOf(ChartRelease.images(objects));
    }
}
