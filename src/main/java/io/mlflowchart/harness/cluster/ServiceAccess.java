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

    /** The purpose of the access the harness's own clients use. */
    String HARNESS = "harness-access";

    /** Opens access, or opens it again to what serves now; returns the base URI. */
    URI open();

    /**
     * How requests get to the pods, for a person: through the Service to any ready pod (what users' traffic does), or
     * to one pod only (then a rolling change of the pods measures the access, not the chart).
     */
    Route route();

    /** Where requests through an access go. */
    enum Route {
        SERVICE("through a NodePort Service, kube-proxy to any ready pod"),
        ONE_POD("through a port-forward to one pod");

        private final String description;

        Route(String description) {
            this.description = description;
        }

        public String description() {
            return description;
        }
    }

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
