package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.docker.Reuse;
import java.nio.file.Path;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;

/**
 * The Kubernetes the scenarios run on, as {@link #SETTING} names it: the harness's own k3s ({@link K3sCluster},
 * {@code cluster=k3s}, the default) or one that already runs ({@link ExistingCluster},
 * {@code cluster=kubeconfig:<file>}: kind, minikube, a real cluster). Helm, kubectl and the runbook use it through
 * {@link #kubeconfigFile()}, the harness through {@link #client()}.
 */
public interface KubernetesCluster extends Startable {

    HarnessProperty SETTING = new HarnessProperty("cluster", "k3s");

    String KUBECONFIG_PREFIX = "kubeconfig:";

    /** The kubeconfig for tools that run on this host (Helm, kubectl, make). */
    Path kubeconfigFile();

    KubernetesClient client();

    /** How images of the local Docker engine get into the cluster. */
    ClusterImages images();

    /** How this host reaches {@code port} of Service {@code service}; nothing is opened until {@link ServiceAccess#open()}. */
    default ServiceAccess accessTo(String namespace, String service, int port) {
        return accessTo(namespace, service, port, ServiceAccess.HARNESS);
    }

    /**
     * As {@link #accessTo(String, String, int)}, one of several to the same Service at once, told apart by
     * {@code purpose} (lower-case letters and '-'): a background client keeps its own while the harness's is re-opened.
     */
    ServiceAccess accessTo(String namespace, String service, int port, String purpose);

    /** The route pods of this cluster take to a container beside it; apply it to a namespace to use it there. */
    ExternalServiceRoute routeTo(ReachableFromCluster service);

    /**
     * How a container's process is SIGKILLed on this cluster's nodes; throws, saying why, where the harness cannot
     * reach a node's container runtime.
     */
    ContainerKill containerKill();

    /**
     * The cluster that a value of {@link #SETTING} names, not started yet. A value that cannot work fails here, so
     * that a typo stops the run before any scenario starts. Only the harness's own k3s is kept with {@code reuse}.
     */
    static KubernetesCluster named(String setting, Network network, Reuse reuse) {
        if (setting.equals("k3s")) {
            return new K3sCluster(network, reuse);
        }
        if (setting.startsWith(KUBECONFIG_PREFIX)) {
            return new ExistingCluster(Path.of(setting.substring(KUBECONFIG_PREFIX.length())));
        }
        throw new IllegalArgumentException(SETTING.name() + "=" + setting + " (system property " + SETTING.name()
                + " or environment variable " + SETTING.environmentVariable()
                + ") is not a cluster the harness can use; allowed: "
                + "k3s (the harness starts one; the default) or kubeconfig:<path of a kubeconfig file> (an existing cluster, "
                + "through the file's current context)");
    }
}
