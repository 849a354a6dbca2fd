package io.mlflowchart.harness.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ServiceResource;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.net.URI;
import java.time.Duration;

/**
 * A NodePort Service of the harness's own beside a chart's Service (same selector, same target port), reached where
 * the node publishes that port. Requests take the path users' traffic takes, through kube-proxy to any ready pod,
 * instead of a port-forward's stream through the API server and the kubelet, which now and then stalls in the
 * middle of a multi-megabyte upload. A Service of its own, because changing the chart's would change what is tested.
 */
public final class NodePortAccess implements ServiceAccess {

    private static final String MANAGED_BY = "mlflow-chart-e2e";

    static final Duration DELETION_TIMEOUT = Duration.ofMinutes(1);

    private final KubernetesClient client;

    private final String namespace;

    private final String service;

    private final int port;

    /** Tells this access Service apart from others to the same Service. */
    private final String purpose;

    private final AccessNodePorts nodePorts;

    private final Duration deletionTimeout;

    /** The node port the access Service holds now, given back when it is deleted. */
    private AccessNodePorts.Lease lease;

    /** {@code nodePorts}: those the node publishes to this host, one of which the access Service takes. */
    NodePortAccess(KubernetesClient client, String namespace, String service, int port, AccessNodePorts nodePorts) {
        this(client, namespace, service, port, ServiceAccess.HARNESS, nodePorts, DELETION_TIMEOUT);
    }

    /** With how long {@link #close()} waits for the access Service to go: tests wait less than a minute. */
    NodePortAccess(
            KubernetesClient client,
            String namespace,
            String service,
            int port,
            AccessNodePorts nodePorts,
            Duration deletionTimeout) {
        this(client, namespace, service, port, ServiceAccess.HARNESS, nodePorts, deletionTimeout);
    }

    /** {@code purpose}: the access Service is named {@code <service>-<purpose>}. */
    NodePortAccess(
            KubernetesClient client,
            String namespace,
            String service,
            int port,
            String purpose,
            AccessNodePorts nodePorts,
            Duration deletionTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.service = service;
        this.port = port;
        this.purpose = purpose;
        this.nodePorts = nodePorts;
        this.deletionTimeout = deletionTimeout;
    }

    /** (Re)creates the access Service from the chart's Service as it is now, so a changed selector is followed. */
    @Override
    public synchronized URI open() {
        Service target =
                client.services().inNamespace(namespace).withName(service).require();
        ServicePort targetPort = ServiceAccess.portOf(target, port);
        close();
        lease = nodePorts.take();
        client.resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(accessName())
                        .withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", MANAGED_BY)
                        .endMetadata()
                        .withNewSpec()
                        .withType("NodePort")
                        .withSelector(target.getSpec().getSelector())
                        .addNewPort()
                        .withName(targetPort.getName())
                        .withProtocol("TCP")
                        .withPort(port)
                        .withTargetPort(targetPort.getTargetPort())
                        .withNodePort(lease.nodePort())
                        .endPort()
                        .endSpec()
                        .build())
                .create();
        return lease.published();
    }

    /** Deletes the access Service and waits until it is gone, then gives its node port back for the next one. */
    @Override
    public synchronized void close() {
        ServiceResource<Service> access =
                client.services().inNamespace(namespace).withName(accessName());
        access.delete();
        Waits.on(
                WaitingOn.KUBERNETES,
                () -> await("service " + namespace + "/" + accessName() + " to be deleted")
                        .atMost(deletionTimeout)
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> access.get() == null));
        if (lease != null) {
            nodePorts.giveBack(lease);
            lease = null;
        }
    }

    @Override
    public Route route() {
        return Route.SERVICE;
    }

    private String accessName() {
        return service + "-" + purpose;
    }
}
