package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Makes a container beside the cluster reachable from pods as {@code <name>.<namespace>.svc:<port>}: a Service
 * without selector and an EndpointSlice pointing at {@code address:addressPort}, an address the cluster's pods can
 * reach (see {@link KubernetesCluster#routeTo}). CoreDNS cannot use Docker's embedded DNS, so pods reach such
 * containers by IP, behind a name that the chart is configured with exactly as users configure it.
 */
public record ExternalServiceRoute(String name, int port, String address, int addressPort) {

    /** Creates or replaces the route in the namespace and returns the in-cluster host name. */
    public String applyTo(KubernetesClient client, String namespace) {
        client.services()
                .inNamespace(namespace)
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "mlflow-chart-e2e")
                        .endMetadata()
                        .withNewSpec()
                        .addNewPort()
                        .withName("main")
                        .withPort(port)
                        .withNewTargetPort(addressPort)
                        .endPort()
                        .endSpec()
                        .build())
                .serverSideApply();
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(namespace)
                .resource(new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .addToLabels("kubernetes.io/service-name", name)
                        .addToLabels("endpointslice.kubernetes.io/managed-by", "mlflow-chart-e2e")
                        .endMetadata()
                        .withAddressType("IPv4")
                        .addNewEndpoint()
                        .withAddresses(address)
                        .withNewConditions()
                        .withReady(true)
                        .endConditions()
                        .endEndpoint()
                        .addNewPort()
                        .withName("main")
                        .withPort(addressPort)
                        .withProtocol("TCP")
                        .endPort()
                        .build())
                .serverSideApply();
        return name + "." + namespace + ".svc";
    }
}
