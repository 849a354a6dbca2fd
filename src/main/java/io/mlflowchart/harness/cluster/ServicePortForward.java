package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

/**
 * A local port forwarded to a ready pod behind a Service, as {@code kubectl port-forward svc/...} does: the access
 * that works on any cluster a kubeconfig reaches. A forward dies with its pod, so {@link #open()} after every
 * rollout picks a current pod. Forwards are known to stall now and then on multi-megabyte request bodies
 * (kubernetes/kubectl#1620), which is why the harness's own k3s is reached through {@link NodePortAccess} instead.
 */
public final class ServicePortForward implements ServiceAccess {

    private final KubernetesClient client;

    private final String namespace;

    private final String service;

    private final int port;

    private LocalPortForward forward;

    public ServicePortForward(KubernetesClient client, String namespace, String service, int port) {
        this.client = client;
        this.namespace = namespace;
        this.service = service;
        this.port = port;
    }

    /** Opens the forward, or re-opens it to a pod that is ready now; returns the local base URI. */
    @Override
    public synchronized URI open() {
        close();
        Service svc = client.services().inNamespace(namespace).withName(service).require();
        Pod pod = readyPod(svc);
        forward = client.pods()
                .inNamespace(namespace)
                .withName(pod.getMetadata().getName())
                .portForward(targetPort(svc, pod));
        return uri();
    }

    private URI uri() {
        if (forward == null) {
            throw new IllegalStateException("the port-forward to " + service + " is not open");
        }
        return URI.create("http://127.0.0.1:" + forward.getLocalPort());
    }

    private Pod readyPod(Service svc) {
        return client.pods().inNamespace(namespace).withLabels(svc.getSpec().getSelector()).list().getItems().stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(pod -> pod.getStatus().getConditions().stream()
                        .anyMatch(condition ->
                                "Ready".equals(condition.getType()) && "True".equals(condition.getStatus())))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalStateException("no ready pod behind service " + namespace + "/" + service));
    }

    /** The container port the Service's port targets, by number or by name. */
    private int targetPort(Service svc, Pod pod) {
        var target = ServiceAccess.portOf(svc, port).getTargetPort();
        if (target == null) {
            return port;
        }
        if (target.getIntVal() != null) {
            return target.getIntVal();
        }
        return pod.getSpec().getContainers().stream()
                .flatMap(container -> container.getPorts().stream())
                .filter(containerPort -> target.getStrVal().equals(containerPort.getName()))
                .map(containerPort -> containerPort.getContainerPort())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no container port named " + target.getStrVal()));
    }

    @Override
    public synchronized void close() {
        if (forward != null) {
            try {
                forward.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                forward = null;
            }
        }
    }

    @Override
    public Route route() {
        return Route.ONE_POD;
    }
}
