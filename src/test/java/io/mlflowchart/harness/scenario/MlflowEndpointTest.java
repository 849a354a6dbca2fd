package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.mlflowchart.harness.cluster.ClusterImages;
import io.mlflowchart.harness.cluster.ContainerKill;
import io.mlflowchart.harness.cluster.ExternalServiceRoute;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.PodWatch;
import io.mlflowchart.harness.cluster.ReachableFromCluster;
import io.mlflowchart.harness.cluster.ServiceAccess;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What keep=true says of MLflow is what the cluster shows, not what the harness's own endpoint believes: after a
 * failed step the endpoint is closed while the server may serve.
 */
@EnableKubernetesMockClient(crud = true)
class MlflowEndpointTest {

    private static final String NAMESPACE = "prod-rollback";

    private static final ServerLayout LAYOUT =
            new ServerLayout("mlflow", Map.of("app", "mlflow"), "mlflow", 5000, Optional.of("mlflow-migration"));

    KubernetesClient client;

    private HttpServer mlflow;

    @AfterEach
    void stopServer() {
        if (mlflow != null) {
            mlflow.stop(0);
        }
    }

    @Test
    void saysWhereAServerThatServesAnswersThoughTheEndpointWasClosed() throws Exception {
        deployment(2, 2);
        mlflow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mlflow.createContext("/version", exchange -> {
            byte[] body = "3.17.2".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        mlflow.start();
        URI uri = URI.create("http://127.0.0.1:" + mlflow.getAddress().getPort());
        MlflowEndpoint endpoint = new MlflowEndpoint(
                clusterReaching(uri), NAMESPACE, LAYOUT, Duration.ofSeconds(5), Optional.empty(), this::pods);
        endpoint.serverReplaced();

        assertThatThrownBy(endpoint::client).isInstanceOf(IllegalStateException.class);
        assertThat(endpoint.describe())
                .isEqualTo(uri + " (MLflow 3.17.2, 2 of 2 pods ready; as the harness reaches it)");
    }

    @Test
    void saysHowManyPodsAreReadyWhenNothingAnswers() {
        deployment(2, 0);
        MlflowEndpoint endpoint = new MlflowEndpoint(
                clusterReaching(URI.create("http://127.0.0.1:1")),
                NAMESPACE,
                LAYOUT,
                Duration.ofSeconds(5),
                Optional.empty(),
                this::pods);

        assertThat(endpoint.describe()).startsWith("not answering (").endsWith("); 0 of 2 pods ready");
    }

    @Test
    void saysThereIsNoServerWithoutItsDeployment() {
        MlflowEndpoint endpoint = new MlflowEndpoint(
                clusterReaching(URI.create("http://127.0.0.1:1")),
                NAMESPACE,
                LAYOUT,
                Duration.ofSeconds(5),
                Optional.empty(),
                this::pods);

        assertThat(endpoint.describe()).isEqualTo("not serving: no Deployment prod-rollback/mlflow");
    }

    private PodWatch pods() {
        return new PodWatch(client, NAMESPACE, Instant.now());
    }

    private void deployment(int replicas, int ready) {
        client.apps()
                .deployments()
                .inNamespace(NAMESPACE)
                .resource(new DeploymentBuilder()
                        .withNewMetadata()
                        .withName("mlflow")
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .withReplicas(replicas)
                        .endSpec()
                        .withNewStatus()
                        .withReadyReplicas(ready)
                        .endStatus()
                        .build())
                .create();
    }

    /** The mock API server, and an access that reaches {@code uri} as the node port or a port-forward would. */
    private KubernetesCluster clusterReaching(URI uri) {
        return new KubernetesCluster() {
            @Override
            public Path kubeconfigFile() {
                return Path.of("kubeconfig");
            }

            @Override
            public KubernetesClient client() {
                return client;
            }

            @Override
            public ClusterImages images() {
                throw new UnsupportedOperationException("no images here");
            }

            @Override
            public ServiceAccess accessTo(String namespace, String service, int port, String purpose) {
                assertThat(namespace + "/" + service + ":" + port).isEqualTo(NAMESPACE + "/mlflow:5000");
                return new ServiceAccess() {
                    @Override
                    public URI open() {
                        return uri;
                    }

                    @Override
                    public Route route() {
                        return Route.SERVICE;
                    }

                    @Override
                    public void close() {}
                };
            }

            @Override
            public ExternalServiceRoute routeTo(ReachableFromCluster service) {
                throw new UnsupportedOperationException("no routes here");
            }

            @Override
            public ContainerKill containerKill() {
                throw new UnsupportedOperationException("no nodes here");
            }

            @Override
            public void start() {}

            @Override
            public void stop() {}
        };
    }
}
