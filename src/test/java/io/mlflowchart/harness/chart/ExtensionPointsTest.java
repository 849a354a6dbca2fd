package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.RenderedChart;
import io.mlflowchart.harness.helm.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The extension points, all switched on at once over the prod profile ({@code chart/extensions.yaml}): what users add
 * reaches the pods it is meant for, keeps the chart's guarantees where the chart can give them, and the HPA and the
 * HTTPRoute point at the server the chart runs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExtensionPointsTest {

    private static final Path EXTENSIONS = Path.of("src/test/resources/chart/extensions.yaml");

    /** The user's objects values-prod.yaml and extensions.yaml name: they exist outside the chart. */
    private static final Set<String> USER_SECRETS =
            Set.of("mlflow-postgresql", "mlflow-s3", "mlflow-webhooks", "mlflow-tls", "mlflow-extra-env");

    private static final Set<String> USER_CONFIG_MAPS = Set.of("mlflow-proxy", "corporate-ca");

    private static final String CA_FILE = "/etc/mlflow/ca/bundle.pem";

    private final Helm helm = Helm.locate();

    private RenderedChart chart;

    private RenderedChart plain;

    @BeforeAll
    void render() {
        chart = prod().withValues(EXTENSIONS).render();
        plain = prod().render();
    }

    private Template prod() {
        return helm.template(MlflowChart.DIR)
                .named(MlflowChart.RELEASE)
                .inNamespace(MlflowChart.NAMESPACE)
                .withValues(MlflowChart.PROD_VALUES)
                .set("postgresql.external.host", ValueCombination.DB_HOST)
                .set("minio.external.endpoint", ValueCombination.S3_ENDPOINT);
    }

    @Test
    void passesHelmLintStrict() {
        String lint = helm.lint(MlflowChart.DIR)
                .withValues(MlflowChart.PROD_VALUES)
                .withValues(EXTENSIONS)
                .set("postgresql.external.host", ValueCombination.DB_HOST)
                .set("minio.external.endpoint", ValueCombination.S3_ENDPOINT)
                .check();
        assertThat(lint).contains("1 chart(s) linted, 0 chart(s) failed");
    }

    @Test
    void referencesOnlyObjectsThatExist() {
        assertThat(DanglingReferences.in(chart, USER_SECRETS, USER_CONFIG_MAPS))
                .as("references to objects neither rendered nor named by extensions.yaml")
                .isEmpty();
        assertThat(PlainCredentialEnv.in(chart))
                .as("credential env vars not read from a Secret")
                .isEmpty();
    }

    @Test
    void givesTheServerAndTheMigrationTheEnvFromSources() {
        List<String> sources = List.of("Secret mlflow-extra-env", "ConfigMap mlflow-proxy prefix EXTRA_");
        assertThat(envFrom(serverContainer(chart))).as("server envFrom").isEqualTo(sources);
        assertThat(envFrom(migration(chart))).as("migration envFrom").isEqualTo(sources);
        assertThat(envFrom(serverContainer(plain)))
                .as("server envFrom without extensions")
                .isEmpty();
    }

    @Test
    void mountsTheExtraVolumesInTheServerContainer() {
        PodSpec pod = serverPod(chart);
        assertThat(pod.getVolumes()).extracting(Volume::getName).contains("plugins");
        assertThat(serverContainer(chart).getVolumeMounts())
                .extracting(m -> m.getName() + " " + m.getMountPath())
                .contains("plugins /opt/plugins", "tmp /tmp");
    }

    /**
     * The chart's container securityContext goes to every init and extra container that sets none; one that sets its
     * own keeps it (the user's choice, as are their images and resources, which the chart cannot know).
     */
    @Test
    void hardensTheUsersContainersThatSetNoSecurityContext() {
        PodSpec pod = serverPod(chart);
        SecurityContext hardened = serverContainer(chart).getSecurityContext();
        assertThat(pod.getContainers().get(0).getName())
                .as("the server stays the first container (the runbook execs into it)")
                .isEqualTo("mlflow");
        assertThat(Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream())
                        .filter(c -> !c.getName().equals("mlflow")))
                .extracting(Container::getName)
                .containsExactly("fetch-plugins", "log-shipper", "own-context");
        assertThat(List.of(initContainer(pod, "fetch-plugins"), container(pod, "log-shipper")))
                .allSatisfy(
                        c -> assertThat(c.getSecurityContext()).as(c.getName()).isEqualTo(hardened));
        assertThat(container(pod, "own-context").getSecurityContext().getRunAsUser())
                .as("own securityContext kept")
                .isEqualTo(2000L);
        assertThat(container(pod, "own-context").getSecurityContext().getReadOnlyRootFilesystem())
                .as("own securityContext not merged with the chart's")
                .isNull();
    }

    @Test
    void pointsEveryTlsClientAtTheMountedCaBundle() {
        Map<String, String> expected = Map.of(
                "REQUESTS_CA_BUNDLE",
                CA_FILE,
                "AWS_CA_BUNDLE",
                CA_FILE,
                "SSL_CERT_FILE",
                CA_FILE,
                "PGSSLROOTCERT",
                CA_FILE);
        for (Container container : List.of(serverContainer(chart), migration(chart))) {
            assertThat(env(container)).as("%s CA env", container.getName()).containsAllEntriesOf(expected);
            assertThat(container.getVolumeMounts())
                    .as("%s CA mount", container.getName())
                    .extracting(VolumeMount::getName, VolumeMount::getMountPath, VolumeMount::getReadOnly)
                    .contains(tuple("ca-bundle", "/etc/mlflow/ca", true));
        }
        for (PodSpec pod : List.of(
                serverPod(chart), chart.only(Job.class).getSpec().getTemplate().getSpec())) {
            Volume ca = pod.getVolumes().stream()
                    .filter(v -> v.getName().equals("ca-bundle"))
                    .findFirst()
                    .orElseThrow();
            assertThat(ca.getConfigMap().getName()).isEqualTo("corporate-ca");
            assertThat(ca.getConfigMap().getItems())
                    .extracting(i -> i.getKey() + " -> " + i.getPath())
                    .containsExactly("bundle.pem -> bundle.pem");
        }
        assertThat(env(serverContainer(plain)))
                .as("no CA env without a bundle")
                .doesNotContainKeys(expected.keySet().toArray(String[]::new));
    }

    @Test
    void spreadsOnlyTheServerPods() {
        Map<String, String> serverLabels =
                serverDeployment(chart).getSpec().getTemplate().getMetadata().getLabels();
        assertThat(serverPod(chart).getTopologySpreadConstraints())
                .extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(serverPod(chart).getTopologySpreadConstraints())
                .allSatisfy(c -> assertThat(SelectorMismatches.selects(c.getLabelSelector(), serverLabels))
                        .as("%s selects the server pods", c.getTopologyKey())
                        .isTrue());
        assertThat(SelectorMismatches.in(chart)).isEmpty();
    }

    /** The HPA scales the server, owns its replica count, and exists only where storage is shared. */
    @Test
    void autoscalesTheServerOnSharedStorageOnly() {
        HorizontalPodAutoscaler hpa = chart.only(HorizontalPodAutoscaler.class);
        Deployment server = serverDeployment(chart);
        assertThat(hpa.getSpec().getScaleTargetRef())
                .extracting(r -> r.getApiVersion() + " " + r.getKind() + " " + r.getName())
                .isEqualTo("apps/v1 Deployment " + server.getMetadata().getName());
        assertThat(server.getSpec().getReplicas())
                .as("replicas left to the HPA (helm upgrade would reset them)")
                .isNull();
        assertThat(hpa.getSpec().getMinReplicas()).isBetween(2, hpa.getSpec().getMaxReplicas());
        assertThat(server.getSpec().getStrategy().getType())
                .as("an HPA's replicas share the storage: no single-writer Recreate")
                .isEqualTo("RollingUpdate");
        assertThat(serverPod(chart).getVolumes())
                .as("claims the replicas would share")
                .noneMatch(v -> v.getPersistentVolumeClaim() != null);
        assertThat(hpa.getSpec().getMetrics())
                .extracting(m -> m.getResource().getName() + " "
                        + m.getResource().getTarget().getAverageUtilization())
                .containsExactly("cpu 75", "memory 80");
        assertThat(plain.all(HorizontalPodAutoscaler.class))
                .as("HPA when disabled")
                .isEmpty();
    }

    @Test
    void routesTheGatewayToTheServicePortAndAcceptsItsHostnames() {
        HTTPRoute route = chart.only(HTTPRoute.class);
        Service service = chart.only(Service.class);
        List<HTTPBackendRef> backends = route.getSpec().getRules().stream()
                .flatMap(rule -> rule.getBackendRefs().stream())
                .toList();
        assertThat(backends)
                .extracting(b -> b.getName() + ":" + b.getPort())
                .containsExactly(service.getMetadata().getName() + ":"
                        + service.getSpec().getPorts().get(0).getPort());
        assertThat(route.getSpec().getParentRefs())
                .extracting(p -> p.getNamespace() + "/" + p.getName() + "/" + p.getSectionName())
                .containsExactly("gateways/public/https");
        String host = "mlflow.gateway.example.com";
        assertThat(route.getSpec().getHostnames()).containsExactly(host);
        assertThat(env(serverContainer(chart))
                        .get("MLFLOW_SERVER_ALLOWED_HOSTS")
                        .split(","))
                .as("allowed hosts")
                .contains(host, host + ":*");
        assertThat(env(serverContainer(chart))
                        .get("MLFLOW_SERVER_CORS_ALLOWED_ORIGINS")
                        .split(","))
                .as("CORS origins")
                .contains("https://" + host, "http://" + host);
        assertThat(plain.all(HTTPRoute.class)).as("HTTPRoute when disabled").isEmpty();
    }

    private static Deployment serverDeployment(RenderedChart chart) {
        return chart.only(Deployment.class);
    }

    private static PodSpec serverPod(RenderedChart chart) {
        return serverDeployment(chart).getSpec().getTemplate().getSpec();
    }

    private static Container serverContainer(RenderedChart chart) {
        return container(serverPod(chart), "mlflow");
    }

    private static Container migration(RenderedChart chart) {
        return chart.only(Job.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static Container container(PodSpec pod, String name) {
        return pod.getContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no container " + name + " in " + pod.getContainers()));
    }

    private static Container initContainer(PodSpec pod, String name) {
        return pod.getInitContainers().stream()
                .filter(c -> c.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no init container " + name + " in " + pod.getInitContainers()));
    }

    /** Plain-valued env of a container, by name. */
    private static Map<String, String> env(Container container) {
        Map<String, String> values = new LinkedHashMap<>();
        container.getEnv().stream()
                .filter(e -> e.getValue() != null)
                .forEach(e -> values.put(e.getName(), e.getValue()));
        return values;
    }

    private static List<String> envFrom(Container container) {
        return container.getEnvFrom().stream()
                .map(ExtensionPointsTest::describe)
                .toList();
    }

    private static String describe(EnvFromSource source) {
        String from = source.getSecretRef() != null
                ? "Secret " + source.getSecretRef().getName()
                : "ConfigMap " + source.getConfigMapRef().getName();
        return source.getPrefix() == null ? from : from + " prefix " + source.getPrefix();
    }
}
