package io.mlflowchart.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.cluster.ClusterImages;
import io.mlflowchart.harness.cluster.ContainerdImageImport;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.OneShotPod;
import io.mlflowchart.harness.cluster.OneShotPod.PodOutcome;
import io.mlflowchart.harness.cluster.ServiceAccess;
import io.mlflowchart.harness.services.ObjectStore;
import io.mlflowchart.harness.services.PostgresServer;
import io.mlflowchart.harness.services.PostgresService;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.images.builder.ImageFromDockerfile;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The environment every scenario stands on: k3s, its DNS and storage, and the services beside it. */
@ExtendWith(SharedEnvironmentExtension.class)
class ClusterEnvironmentIT {

    /** A small image every pod here runs; present locally, so the harness imports it into the cluster. */
    static final String PROBE_IMAGE = new HarnessProperty("probe.image", "busybox:1.37.0").value();

    static final String NAMESPACE = "cluster-environment-it";

    static KubernetesClient client;

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void createNamespace(SharedEnvironment environment) {
        KubernetesCluster cluster = environment.cluster();
        client = cluster.client();
        cluster.images().importLocal(List.of(PROBE_IMAGE, PostgresService.IMAGE.value()));
        client.namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NAMESPACE)
                        .endMetadata()
                        .build())
                .serverSideApply();
    }

    @AfterAll
    static void deleteNamespace() {
        client.namespaces().withName(NAMESPACE).delete();
    }

    @Test
    void runsAPodFromAnImageBuiltOnThisHost(SharedEnvironment environment) {
        String token = UUID.randomUUID().toString();
        String image = "localhost/e2e-probe:" + token.substring(0, 8);
        new ImageFromDockerfile(image, false)
                .withDockerfileFromBuilder(dockerfile -> dockerfile
                        .from(PROBE_IMAGE)
                        .run("echo " + token + " > /token")
                        .entryPoint("cat", "/token")
                        .build())
                .get();
        try {
            assertThat(environment.cluster().images().importLocal(List.of(image)))
                    .containsExactly(image);

            PodOutcome outcome = new OneShotPod("local-image", image).run(client, NAMESPACE);

            assertThat(outcome.log().strip()).isEqualTo(token);
        } finally {
            DockerClientFactory.instance()
                    .client()
                    .removeImageCmd(image)
                    .withForce(true)
                    .exec();
        }
    }

    /**
     * With a reserve no disk has, every import must first remove what it may: an image nothing holds goes (and comes
     * back when asked for), a held one stays; each imported image is pinned against the kubelet's image GC.
     */
    @Test
    void makesRoomForAnImportByRemovingOnlyImagesNothingHolds(SharedEnvironment environment) {
        ContainerState node = (ContainerState) environment.cluster();
        List<String> probes = List.of(localProbe("released"), localProbe("held"), localProbe("next"));
        String released = probes.get(0);
        String held = probes.get(1);
        String next = probes.get(2);
        ContainerdImageImport images = new ContainerdImageImport(List.of(node), Long.MAX_VALUE / 8);
        try {
            images.hold(List.of(released)).close();
            try (ClusterImages.Hold keep = images.hold(List.of(held));
                    ClusterImages.Hold nextHold = images.hold(List.of(next))) {
                assertThat(containerdImages(node))
                        .anySatisfy(line -> assertThat(line).contains(held).contains("io.cri-containerd.pinned=pinned"))
                        .anySatisfy(line -> assertThat(line).contains(next))
                        .noneSatisfy(line -> assertThat(line).contains(released))
                        // Nor its reference by id, which would keep its content and layers on the disk.
                        .noneSatisfy(line -> assertThat(line).contains(dockerIdOf(released)));

                assertThat(images.importLocal(List.of(released))).containsExactly(released);
            }
        } finally {
            probes.forEach(probe -> {
                execIn(node, "ctr", "-n", "k8s.io", "images", "rm", probe);
                DockerClientFactory.instance()
                        .client()
                        .removeImageCmd(probe)
                        .withForce(true)
                        .exec();
            });
        }
    }

    /** A tiny image only this host's Docker has, distinct from every other by a random tag. */
    private static String localProbe(String role) {
        String image = "localhost/e2e-room-" + role + ":"
                + UUID.randomUUID().toString().substring(0, 8);
        new ImageFromDockerfile(image, false)
                .withDockerfileFromBuilder(dockerfile -> dockerfile
                        .from(PROBE_IMAGE)
                        .run("echo " + role + " > /role")
                        .build())
                .get();
        return image;
    }

    private static String dockerIdOf(String image) {
        return DockerClientFactory.instance()
                .client()
                .inspectImageCmd(image)
                .exec()
                .getId()
                .replaceFirst("^sha256:", "");
    }

    /** containerd's image list in the node, one line per image with its labels. */
    private static List<String> containerdImages(ContainerState node) {
        return execIn(node, "ctr", "-n", "k8s.io", "images", "ls").lines().toList();
    }

    private static String execIn(ContainerState node, String... command) {
        try {
            return node.execInContainer(command).getStdout();
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + String.join(" ", command) + " in the node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    @Test
    void bindsAClaimOfTheDefaultStorageClassThatAPodWritesTo() {
        client.persistentVolumeClaims()
                .inNamespace(NAMESPACE)
                .resource(new PersistentVolumeClaimBuilder()
                        .withNewMetadata()
                        .withName("data")
                        .endMetadata()
                        .withNewSpec()
                        .withAccessModes("ReadWriteOnce")
                        .withNewResources()
                        .addToRequests("storage", new Quantity("16Mi"))
                        .endResources()
                        .endSpec()
                        .build())
                .create();

        PodOutcome outcome = new OneShotPod("writer", PROBE_IMAGE)
                .command("sh", "-c", "echo persisted > /data/file && cat /data/file")
                .withClaim("data", "/data")
                .run(client, NAMESPACE);

        assertThat(outcome.log().strip()).isEqualTo("persisted");
        assertThat(client.persistentVolumeClaims()
                        .inNamespace(NAMESPACE)
                        .withName("data")
                        .get()
                        .getStatus()
                        .getPhase())
                .isEqualTo("Bound");
    }

    @Test
    void resolvesServiceNamesThroughClusterDns() {
        Service service = client.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("named")
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector("app", "none")
                        .addNewPort()
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .create();

        PodOutcome outcome = new OneShotPod("resolver", PROBE_IMAGE)
                .command("nslookup", "named." + NAMESPACE + ".svc.cluster.local")
                .run(client, NAMESPACE);

        assertThat(outcome.log()).contains(service.getSpec().getClusterIP());
    }

    @Test
    void reachesPostgresBesideTheClusterThroughASelectorlessService(SharedEnvironment environment) {
        PostgresServer postgres = environment.postgres();
        InetSocketAddress address = postgres.addressFor(environment.cluster(), NAMESPACE);
        String server = "-h " + address.getHostString() + " -p " + address.getPort();

        PodOutcome outcome = new OneShotPod("psql", PostgresService.IMAGE.value())
                // kube-proxy programs a new Service within a second or so: wait for it as a client would.
                .command(
                        "sh",
                        "-c",
                        "for attempt in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q " + server + " && break; sleep 1; done; "
                                + "psql " + server + " -U " + postgres.getUsername()
                                + " -d postgres -tAc 'select 40 + 2'")
                .env(Map.of("PGPASSWORD", postgres.getPassword()))
                .run(client, NAMESPACE);

        assertThat(outcome.log().strip()).isEqualTo("42");
    }

    @Test
    void readsAnObjectThatTheHarnessPutIntoMinio(SharedEnvironment environment) {
        ObjectStore store = environment.objectStore();
        String endpoint = store.endpointFor(environment.cluster(), NAMESPACE);
        store.createEmptyBucket("cluster-environment-it");
        store.putObject(
                "cluster-environment-it", "greeting.txt", "hello from the harness".getBytes(StandardCharsets.UTF_8));
        // Signed for the name pods use: the signature covers the Host header.
        String url;
        try (S3Presigner presigner = S3Presigner.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .serviceConfiguration(
                        S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(store.accessKey(), store.secretKey())))
                .build()) {
            url = presigner
                    .presignGetObject(request -> request.signatureDuration(Duration.ofMinutes(10))
                            .getObjectRequest(
                                    get -> get.bucket("cluster-environment-it").key("greeting.txt")))
                    .url()
                    .toString();
        }

        PodOutcome outcome = new OneShotPod("s3-reader", PROBE_IMAGE)
                .command("wget", "-qO-", url)
                .run(client, NAMESPACE);

        assertThat(outcome.log()).isEqualTo("hello from the harness");
    }

    /**
     * What the harness sends MLflow goes through {@link KubernetesCluster#accessTo}: a 5 MB request body must arrive
     * whole, and a closed access must stop answering and open again. busybox's httpd runs a CGI script that answers
     * with the SHA-256 of the body it read.
     */
    @Test
    void carriesAMultiMegabyteBodyFromThisHostToAServiceWhole(SharedEnvironment environment) throws Exception {
        String script =
                "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\nhead -c \"$CONTENT_LENGTH\" | sha256sum\n";
        client.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName("sha256-server")
                        .addToLabels("app", "sha256-server")
                        .endMetadata()
                        .withNewSpec()
                        .addNewContainer()
                        .withName("httpd")
                        .withImage(PROBE_IMAGE)
                        .withImagePullPolicy("IfNotPresent")
                        .withCommand(
                                "sh",
                                "-c",
                                "mkdir -p /www/cgi-bin && echo \"$SCRIPT\" > /www/cgi-bin/sha256"
                                        + " && chmod +x /www/cgi-bin/sha256 && exec httpd -f -p 8080 -h /www")
                        .addNewEnv()
                        .withName("SCRIPT")
                        .withValue(script)
                        .endEnv()
                        .addNewPort()
                        .withName("http")
                        .withContainerPort(8080)
                        .endPort()
                        .endContainer()
                        .endSpec()
                        .build())
                .create();
        client.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("sha256")
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector("app", "sha256-server")
                        .addNewPort()
                        .withPort(80)
                        .withNewTargetPort("http")
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        await("pod sha256-server to be ready")
                .atMost(Duration.ofMinutes(2))
                .until(() -> client.pods()
                        .inNamespace(NAMESPACE)
                        .withName("sha256-server")
                        .isReady());
        byte[] body = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(body);
        String expected =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        ServiceAccess access = environment.cluster().accessTo(NAMESPACE, "sha256", 80);
        try {
            URI base = access.open();
            assertThat(digestThrough(base, body)).isEqualTo(expected);

            access.close();
            // Refused or reset, depending on what sits between: Docker's port publishing, kube-proxy, a forward.
            await("the closed access to stop answering")
                    .atMost(Duration.ofMinutes(1))
                    .untilAsserted(() -> assertThatThrownBy(() -> post(base.resolve("/cgi-bin/sha256"), body))
                            .isInstanceOf(IOException.class));

            assertThat(digestThrough(access.open(), body)).isEqualTo(expected);
        } finally {
            access.close();
        }
    }

    /** What the CGI script answers once the access leads to it: kube-proxy or a forward may take a moment. */
    private static String digestThrough(URI base, byte[] body) {
        return await("an answer from " + base)
                .atMost(Duration.ofMinutes(1))
                .ignoreExceptions()
                .until(() -> post(base.resolve("/cgi-bin/sha256"), body), answer -> !answer.isBlank())
                .split(" ")[0];
    }

    private static String post(URI uri, byte[] body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMinutes(1))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
