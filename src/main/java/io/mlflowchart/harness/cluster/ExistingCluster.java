package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlflowchart.harness.HarnessProperty;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A cluster the harness did not start ({@code cluster=kubeconfig:<file>}): kind, minikube, a real one, used through
 * the kubeconfig file's current context. The harness only adds its scenarios' namespaces to it: {@link #stop()}
 * closes the client and deletes nothing, and no image can be imported, so the cluster pulls what pods run or has it
 * preloaded.
 */
public final class ExistingCluster implements KubernetesCluster {

    /** Where this cluster's pods reach the containers beside it; see {@link #servicesHost()}. */
    public static final HarnessProperty SERVICES_HOST = new HarnessProperty("services.host", "");

    private static final Logger LOG = LoggerFactory.getLogger(ExistingCluster.class);

    private final Path kubeconfigFile;

    private final Set<String> announcedImages = new HashSet<>();

    private KubernetesClient client;

    private String servicesHost;

    public ExistingCluster(Path kubeconfigFile) {
        if (!Files.isRegularFile(kubeconfigFile) || !Files.isReadable(kubeconfigFile)) {
            throw new IllegalArgumentException(
                    SETTING.name() + "=" + KUBECONFIG_PREFIX + kubeconfigFile + ": " + kubeconfigFile
                            + " is not a readable file; give the path of the cluster's kubeconfig, e.g. kubeconfig:$HOME/.kube/config "
                            + "(allowed: k3s, kubeconfig:<path>)");
        }
        this.kubeconfigFile = kubeconfigFile.toAbsolutePath();
    }

    /** Connects, and fails with the file's name if the cluster does not answer. */
    @Override
    public void start() {
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(kubeconfigFile.toFile()))
                .build();
        try {
            LOG.info(
                    "using the existing cluster at {} (Kubernetes {}) from {}",
                    client.getMasterUrl(),
                    client.getKubernetesVersion().getGitVersion(),
                    kubeconfigFile);
        } catch (KubernetesClientException e) {
            String server = String.valueOf(client.getMasterUrl());
            stop();
            throw new IllegalStateException(
                    SETTING.name() + "=" + KUBECONFIG_PREFIX + kubeconfigFile + ": the API server "
                            + server + " does not answer (" + e.getMessage()
                            + "); check that the cluster runs and that the file's "
                            + "current context is the one to use",
                    e);
        }
    }

    /** Closes the client; the cluster and everything in it stay as they are. */
    @Override
    public void stop() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    @Override
    public Path kubeconfigFile() {
        return kubeconfigFile;
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    /** Imports nothing: says once per image that the cluster must pull it or have it preloaded. */
    @Override
    public ClusterImages images() {
        return images -> {
            announce(images);
            return Set.of();
        };
    }

    private synchronized void announce(Collection<String> images) {
        List<String> unannounced = images.stream().filter(announcedImages::add).toList();
        if (!unannounced.isEmpty()) {
            LOG.info(
                    "the cluster from {} must pull {} or have them preloaded: the harness imports images only into a k3s of "
                            + "its own",
                    kubeconfigFile,
                    unannounced);
        }
    }

    /** A port-forward, one per purpose: the one access that works on any cluster a kubeconfig reaches. */
    @Override
    public ServiceAccess accessTo(String namespace, String service, int port, String purpose) {
        return new ServicePortForward(client, namespace, service, port);
    }

    /** Refused: the harness reaches this cluster's API only, not its nodes' container runtime. */
    @Override
    public ContainerKill containerKill() {
        throw new IllegalStateException("a SIGKILL of a container needs the node's container runtime, which the harness"
                + " reaches only on its own k3s (" + SETTING.name() + "=k3s), not on the cluster from " + kubeconfigFile
                + ": run this scenario with " + SETTING.name() + "=k3s");
    }

    /** The port Docker publishes for the service, at the Docker host's address as this cluster's pods see it. */
    @Override
    public ExternalServiceRoute routeTo(ReachableFromCluster service) {
        return new ExternalServiceRoute(
                service.serviceName(),
                service.servicePort(),
                servicesHost(),
                service.getMappedPort(service.servicePort()));
    }

    /**
     * This cluster is not on the harness's Docker network, so its pods cannot reach the PostgreSQL and MinIO containers
     * at their own addresses, only at the ports Docker publishes on its host. The default, the Docker host's address on
     * Docker's default bridge ({@link DockerHostAddress}), is one that every container routes to: right for kind, k3d
     * and minikube's docker driver, whose nodes are containers of the same Docker engine. A cluster elsewhere needs
     * {@code services.host}: an address of the Docker host that it reaches, as an IPv4 address because an
     * EndpointSlice holds addresses, not names.
     */
    private synchronized String servicesHost() {
        if (servicesHost == null) {
            String configured = SERVICES_HOST.value();
            servicesHost = configured.isEmpty()
                    ? DockerHostAddress.ofLocalDocker(
                            SERVICES_HOST.name() + " (or " + SERVICES_HOST.environmentVariable() + ")")
                    : configured;
            if (!DockerHostAddress.isIpv4(servicesHost)) {
                throw new IllegalArgumentException(
                        SERVICES_HOST.name() + "=" + servicesHost + " (or " + SERVICES_HOST.environmentVariable()
                                + "): not an IPv4 address; give the IPv4 address at which the cluster's pods reach the Docker host");
            }
            LOG.info(
                    "pods of the cluster from {} reach PostgreSQL and MinIO through the Docker host at {}",
                    kubeconfigFile,
                    servicesHost);
        }
        return servicesHost;
    }
}
