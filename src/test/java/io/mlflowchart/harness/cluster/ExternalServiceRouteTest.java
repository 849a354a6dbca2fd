package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a route to a container beside the cluster puts into a namespace. The mock API server records the requests rather
 * than storing the objects: its CRUD mode does not take server-side apply, which is how the route replaces an old one.
 */
@EnableKubernetesMockClient
class ExternalServiceRouteTest {

    private static final String NAMESPACE = "prod-smoke";

    private static final String SERVICE_PATH = "/api/v1/namespaces/prod-smoke/services/postgres?fieldManager=fabric8";

    private static final String SLICE_PATH =
            "/apis/discovery.k8s.io/v1/namespaces/prod-smoke/endpointslices/postgres" + "?fieldManager=fabric8";

    /** A port Docker published, unlike the Service's own port, so that a swap of the two shows. */
    private final ExternalServiceRoute route = new ExternalServiceRoute("postgres", 5432, "172.17.0.1", 32768);

    KubernetesClient client;

    KubernetesMockServer server;

    @Test
    void appliesASelectorlessServiceAndAnEndpointSliceToTheAddressAndNamesTheHost() throws InterruptedException {
        server.expect()
                .patch()
                .withPath(SERVICE_PATH)
                .andReturn(
                        200,
                        new ServiceBuilder()
                                .withNewMetadata()
                                .withName("postgres")
                                .endMetadata()
                                .build())
                .once();
        server.expect()
                .patch()
                .withPath(SLICE_PATH)
                .andReturn(200, new EndpointSlice())
                .once();

        String host = route.applyTo(client, NAMESPACE);

        assertThat(host).isEqualTo("postgres.prod-smoke.svc");
        Service service = Serialization.unmarshal(serverSideApply(SERVICE_PATH), Service.class);
        assertThat(service.getMetadata().getLabels())
                .isEqualTo(Map.of("app.kubernetes.io/managed-by", "mlflow-chart-e2e"));
        assertThat(service.getSpec().getSelector()).as("selector").isNullOrEmpty();
        assertThat(service.getSpec().getPorts())
                .extracting(ServicePort::getName, ServicePort::getPort, ServicePort::getTargetPort)
                .containsExactly(tuple("main", 5432, new IntOrString(32768)));
        EndpointSlice slice = Serialization.unmarshal(serverSideApply(SLICE_PATH), EndpointSlice.class);
        assertThat(slice.getMetadata().getLabels())
                .isEqualTo(Map.of(
                        "kubernetes.io/service-name",
                        "postgres",
                        "endpointslice.kubernetes.io/managed-by",
                        "mlflow-chart-e2e"));
        assertThat(slice.getAddressType()).isEqualTo("IPv4");
        assertThat(slice.getEndpoints())
                .extracting(
                        Endpoint::getAddresses,
                        endpoint -> endpoint.getConditions().getReady())
                .containsExactly(tuple(List.of("172.17.0.1"), true));
        assertThat(slice.getPorts())
                .extracting(EndpointPort::getName, EndpointPort::getPort, EndpointPort::getProtocol)
                .containsExactly(tuple("main", 32768, "TCP"));
    }

    @Test
    void stopsWithTheApiServersRefusalBeforeTheEndpointSlice() {
        server.expect()
                .patch()
                .withPath(SERVICE_PATH)
                .andReturn(422, "spec.ports[0].port: Invalid value")
                .once();

        assertThatThrownBy(() -> route.applyTo(client, NAMESPACE))
                .isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("PATCH at: https://")
                .hasMessageContaining(SERVICE_PATH);
        assertThat(server.getRequestCount()).as("requests: the Service's only").isEqualTo(1);
    }

    /** The body of the next request, after checking that it is a server-side apply to {@code path}. */
    private String serverSideApply(String path) throws InterruptedException {
        RecordedRequest request = server.takeRequest();
        assertThat(request)
                .extracting(RecordedRequest::getMethod, RecordedRequest::getPath, r -> r.getHeader("Content-Type"))
                .containsExactly("PATCH", path, "application/apply-patch+yaml");
        return request.getBody().readUtf8();
    }
}
