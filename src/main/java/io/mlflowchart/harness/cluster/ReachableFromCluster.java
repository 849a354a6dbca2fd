package io.mlflowchart.harness.cluster;

import org.testcontainers.containers.ContainerState;

/**
 * A container beside the cluster that pods reach through an {@link ExternalServiceRoute}; which address the route
 * points at is the cluster's to say ({@link KubernetesCluster#routeTo}).
 */
public interface ReachableFromCluster extends ContainerState {

    /** The Service name pods use, e.g. {@code postgres}. */
    String serviceName();

    /** The port pods connect to, the container's own port. */
    int servicePort();
}
