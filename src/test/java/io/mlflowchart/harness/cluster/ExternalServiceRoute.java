package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Makes a container beside the cluster reachable from pods as {@code <name>.<namespace>.svc}: a Service
 * without selector and an Endpoints object pointing at the container's address on the shared Docker
 * network. CoreDNS cannot use Docker's embedded DNS, so pods reach such containers by IP, behind a
 * name that the chart is configured with exactly as users configure it.
 */
public record ExternalServiceRoute(String name, String address, int port) {

    /** Creates or replaces the route in the namespace and returns the in-cluster host name. */
    public String applyTo(KubernetesClient client, String namespace) {
        client.services().inNamespace(namespace).resource(new ServiceBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace)
                .addToLabels("app.kubernetes.io/managed-by", "mlflow-chart-e2e").endMetadata()
            .withNewSpec().addNewPort().withName("main").withPort(port).withNewTargetPort(port).endPort().endSpec()
            .build()).serverSideApply();
        client.endpoints().inNamespace(namespace).resource(new EndpointsBuilder()
            .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
            .addNewSubset()
                .addNewAddress().withIp(address).endAddress()
                .addNewPort().withName("main").withPort(port).endPort()
            .endSubset()
            .build()).serverSideApply();
        return name + "." + namespace + ".svc";
    }
}
