package io.mlflowchart.harness.cluster;

import com.github.dockerjava.api.model.ContainerNetwork;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.docker.KeptBetweenRuns;
import io.mlflowchart.harness.docker.Reuse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.testcontainers.containers.Network;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The harness's own cluster ({@code cluster=k3s}): a single-node k3s on a Docker network shared with the services
 * its pods reach.
 * <p>
 * The image comes from {@link #IMAGE}; any image that
 * starts like {@code rancher/k3s} will do. Once started it hands out a fabric8 client and a
 * kubeconfig file for the Helm CLI, and imports local images through {@link #images()}. With
 * {@link Reuse#KEEP_BETWEEN_RUNS} it is the kept node, with the images imported into it before.
 */
public class K3sCluster extends K3sContainer implements KubernetesCluster, KeptBetweenRuns {

    public static final HarnessProperty IMAGE = new HarnessProperty("k3s.image", "rancher/k3s:v1.34.4-k3s1");

    /** The first of the node ports the container publishes for {@link #accessTo}, one per Service reached at once. */
    static final int FIRST_ACCESS_NODE_PORT = 30080;

    /** Ample for the scenarios a machine runs at once, two releases each (blue-green). */
    static final int ACCESS_NODE_PORTS = 16;

    /** Longer than any rollout: another scenario gives its port back when its release's access closes. */
    private static final Duration NODE_PORT_PATIENCE = Duration.ofMinutes(10);

    private KubernetesClient client;

    private Path kubeconfigFile;

    private ClusterImages images;

    private AccessNodePorts accessNodePorts;

    public K3sCluster(Network network, Reuse reuse) {
        this(DockerImageName.parse(IMAGE.value()).asCompatibleSubstituteFor("rancher/k3s"), network, reuse);
    }

    public K3sCluster(DockerImageName image, Network network, Reuse reuse) {
        super(image);
        withNetwork(network);
        withNetworkAliases("k3s");
        IntStream.range(0, ACCESS_NODE_PORTS).forEach(i -> addExposedPort(FIRST_ACCESS_NODE_PORT + i));
        withStartupTimeout(Duration.ofMinutes(4));
        reuse.keep(this, "k3s");
    }

    /**
     * The server of a cluster with agents ({@link K3sAgent}): reached on {@code network} as {@code hostname}, which is
     * also its node's name and in its certificate, and admitting agents that bring {@code token}. Never kept.
     */
    public static K3sCluster serverOfAgents(Network network, String hostname, String token) {
        K3sCluster server = new K3sCluster(network, Reuse.OFF);
        server.setNetworkAliases(new ArrayList<>(List.of(hostname)));
        server.withCreateContainerCmdModifier(create -> create.withHostName(hostname));
        server.withEnv("K3S_TOKEN", token);
        return server;
    }

    @Override
    protected void containerIsStarted(com.github.dockerjava.api.command.InspectContainerResponse info) {
        super.containerIsStarted(info);
        try {
            kubeconfigFile = Files.createTempFile(
                    "k3s-kubeconfig-",
                    ".yaml",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(kubeconfigFile, getKubeConfigYaml());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the cluster's kubeconfig", e);
        }
        client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(getKubeConfigYaml()))
                .build();
        images = new ContainerdImageImport(this);
        accessNodePorts = new AccessNodePorts(
                IntStream.range(FIRST_ACCESS_NODE_PORT, FIRST_ACCESS_NODE_PORT + ACCESS_NODE_PORTS)
                        .mapToObj(nodePort -> new AccessNodePorts.Lease(
                                nodePort, URI.create("http://" + getHost() + ":" + getMappedPort(nodePort))))
                        .toList(),
                NODE_PORT_PATIENCE);
    }

    @Override
    public void leaveRunning() {
        if (client != null) {
            client.close();
        }
        if (kubeconfigFile != null) {
            try {
                Files.deleteIfExists(kubeconfigFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void stop() {
        leaveRunning();
        super.stop();
    }

    @Override
    public KubernetesClient client() {
        return client;
    }

    /** The kubeconfig for tools that run on this host (Helm, kubectl), deleted when the run ends. */
    @Override
    public Path kubeconfigFile() {
        return kubeconfigFile;
    }

    @Override
    public ClusterImages images() {
        return images;
    }

    /** A NodePort Service beside the given one, at one of the node ports this container publishes. */
    @Override
    public ServiceAccess accessTo(String namespace, String service, int port, String purpose) {
        return new NodePortAccess(
                client, namespace, service, port, purpose, accessNodePorts, NodePortAccess.DELETION_TIMEOUT);
    }

    /** From inside the node container, where containerd runs the pods' containers. */
    @Override
    public ContainerKill containerKill() {
        return new NodeProcessKill(this);
    }

    /** The service's own address and port on the Docker network this cluster shares with it. */
    @Override
    public ExternalServiceRoute routeTo(ReachableFromCluster service) {
        String address = service.getContainerInfo().getNetworkSettings().getNetworks().values().stream()
                .filter(settings -> getNetwork().getId().equals(settings.getNetworkID()))
                .map(ContainerNetwork::getIpAddress)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(service.serviceName() + " is not on the cluster's network "
                        + getNetwork().getId()));
        return new ExternalServiceRoute(service.serviceName(), service.servicePort(), address, service.servicePort());
    }
}
