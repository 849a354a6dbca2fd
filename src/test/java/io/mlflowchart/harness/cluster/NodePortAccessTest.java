package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/** The harness's NodePort Service beside the chart's: what it copies from the chart's Service, and how it goes away. */
@EnableKubernetesMockClient(crud = true)
class NodePortAccessTest {

    private static final String NAMESPACE = "dev-smoke";

    private static final URI PUBLISHED = URI.create("http://localhost:32771");

    private static final URI SECOND = URI.create("http://localhost:32772");

    private static final Map<String, String> SERVER_PODS = Map.of(
            "app.kubernetes.io/name",
            "mlflow",
            "app.kubernetes.io/instance",
            "mlflow",
            "app.kubernetes.io/component",
            "server");

    KubernetesClient client;

    @Test
    void opensANodePortServiceWithTheChartServicesSelectorAndTargetPort() {
        chartService(SERVER_PODS, port(80, "metrics"), port(5000, "http"));

        URI opened = access().open();

        Service created = accessService();
        assertThat(opened).isEqualTo(PUBLISHED);
        assertThat(created.getMetadata().getLabels())
                .isEqualTo(Map.of("app.kubernetes.io/managed-by", "mlflow-chart-e2e"));
        assertThat(created.getSpec().getType()).isEqualTo("NodePort");
        assertThat(created.getSpec().getSelector()).isEqualTo(SERVER_PODS);
        assertThat(created.getSpec().getPorts())
                .singleElement()
                .usingRecursiveComparison()
                .comparingOnlyFields("name", "protocol", "port", "targetPort", "nodePort")
                .isEqualTo(new ServicePortBuilder()
                        .withName("http")
                        .withProtocol("TCP")
                        .withPort(5000)
                        .withTargetPort(new IntOrString("http"))
                        .withNodePort(30080)
                        .build());
    }

    @Test
    void followsTheChartServicesSelectorWhenOpenedAgain() {
        chartService(SERVER_PODS, port(5000, "http"));
        NodePortAccess access = access();
        access.open();
        Map<String, String> blue = Map.of("app.kubernetes.io/name", "mlflow", "mlflow.chart/slot", "blue");
        chartService(blue, port(5000, "http"));

        access.open();

        assertThat(accessService().getSpec().getSelector()).isEqualTo(blue);
    }

    @Test
    void refusesAChartServiceWithoutThePortAndCreatesNothing() {
        chartService(SERVER_PODS, port(80, "http"));

        assertThatThrownBy(() -> access().open())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("service dev-smoke/mlflow has no port 5000");
        assertThat(client.services()
                        .inNamespace(NAMESPACE)
                        .withName("mlflow-harness-access")
                        .get())
                .isNull();
    }

    @Test
    void closeDeletesTheAccessServiceAndLeavesTheChartsAlone() {
        chartService(SERVER_PODS, port(5000, "http"));
        NodePortAccess access = access();
        access.open();

        access.close();

        assertThat(client.services().inNamespace(NAMESPACE).list().getItems())
                .extracting(s -> s.getMetadata().getName())
                .containsExactly("mlflow");
    }

    @Test
    void closeTimesOutNamingTheAccessServiceThatIsNotDeleted() {
        // A finalizer nobody removes keeps the Service, marked for deletion, as a stuck API server would.
        client.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("mlflow-harness-access")
                        .withNamespace(NAMESPACE)
                        .addToFinalizers("example.com/never-removed")
                        .endMetadata()
                        .withNewSpec()
                        .withPorts(port(5000, "http"))
                        .endSpec()
                        .build())
                .create();

        assertThatThrownBy(() -> access().close())
                .isInstanceOf(ConditionTimeoutException.class)
                .hasMessageStartingWith(
                        "Condition with alias 'service dev-smoke/mlflow-harness-access to be deleted' didn't complete"
                                + " within 600 milliseconds");
    }

    @Test
    void accessesOpenAtOnceTakeNodePortsOfTheirOwnAndCloseGivesThemBack() {
        chartService(SERVER_PODS, port(5000, "http"));
        chartService("other", SERVER_PODS, port(5000, "http"));
        AccessNodePorts ports = new AccessNodePorts(
                List.of(new AccessNodePorts.Lease(30080, PUBLISHED), new AccessNodePorts.Lease(30081, SECOND)),
                Duration.ofMillis(300));
        NodePortAccess first = new NodePortAccess(client, NAMESPACE, "mlflow", 5000, ports, Duration.ofMillis(600));
        NodePortAccess second = new NodePortAccess(client, NAMESPACE, "other", 5000, ports, Duration.ofMillis(600));
        NodePortAccess third = new NodePortAccess(client, NAMESPACE, "mlflow", 5000, ports, Duration.ofMillis(600));

        assertThat(List.of(first.open(), second.open())).containsExactly(PUBLISHED, SECOND);
        assertThatThrownBy(third::open)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("all 2 node ports the cluster publishes for reaching MLflow stayed in use");
        first.close();
        assertThat(third.open()).isEqualTo(PUBLISHED);
    }

    private NodePortAccess access() {
        AccessNodePorts onePort =
                new AccessNodePorts(List.of(new AccessNodePorts.Lease(30080, PUBLISHED)), Duration.ofMillis(300));
        return new NodePortAccess(client, NAMESPACE, "mlflow", 5000, onePort, Duration.ofMillis(600));
    }

    private void chartService(Map<String, String> selector, ServicePort... ports) {
        chartService("mlflow", selector, ports);
    }

    private void chartService(String name, Map<String, String> selector, ServicePort... ports) {
        client.services()
                .inNamespace(NAMESPACE)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .endMetadata()
                        .withNewSpec()
                        .withType("ClusterIP")
                        .withSelector(selector)
                        .withPorts(ports)
                        .endSpec()
                        .build())
                .createOr(NonDeletingOperation::update);
    }

    private Service accessService() {
        return client.services()
                .inNamespace(NAMESPACE)
                .withName("mlflow-harness-access")
                .require();
    }

    private static ServicePort port(int port, String name) {
        return new ServicePortBuilder()
                .withName(name)
                .withProtocol("TCP")
                .withPort(port)
                .withTargetPort(new IntOrString(name))
                .build();
    }
}
