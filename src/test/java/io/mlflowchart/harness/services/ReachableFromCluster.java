package io.mlflowchart.harness.services;

import io.mlflowchart.harness.cluster.ExternalServiceRoute;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.Network;

/** A container on the cluster's Docker network that pods reach through an {@link ExternalServiceRoute}. */
public interface ReachableFromCluster extends ContainerState {

    /** The Service name pods use, e.g. {@code postgres}. */
    String serviceName();

    /** The port pods connect to. */
    int servicePort();

    Network network();

    default ExternalServiceRoute route() {
        String address = getContainerInfo().getNetworkSettings().getNetworks().values().stream()
            .filter(settings -> network().getId().equals(settings.getNetworkID()))
            .map(settings -> settings.getIpAddress())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException(serviceName() + " is not on network " + network().getId()));
        return new ExternalServiceRoute(serviceName(), address, servicePort());
    }
}
