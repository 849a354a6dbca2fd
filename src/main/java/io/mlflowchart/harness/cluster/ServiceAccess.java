package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import java.net.URI;

/**
 * How this host reaches one Service of the cluster: a base URI for HTTP clients. What stands behind it depends on
 * the cluster ({@link KubernetesCluster#accessTo}); the callers do not care, but they re-{@link #open()} after every
 * rollout, because what reached the old pods may not reach the new ones.
 */
public interface ServiceAccess extends AutoCloseable {

    /** Opens access, or opens it again to what serves now; returns the base URI. */
    URI open();

    /** Removes what {@link #open()} set up; opening again afterwards is allowed. */
    @Override
    void close();

    /** The port of {@code service} numbered {@code port}: where both kinds of access find the pods' target port. */
    static ServicePort portOf(Service service, int port) {
        return service.getSpec().getPorts().stream()
                .filter(candidate -> candidate.getPort() == port)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "service " + service.getMetadata().getNamespace() + "/"
                                + service.getMetadata().getName() + " has no port " + port));
    }
}
