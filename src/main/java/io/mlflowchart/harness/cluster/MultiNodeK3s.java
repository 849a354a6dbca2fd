package io.mlflowchart.harness.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * A k3s of one scenario's own ({@code cluster: {nodes: N}}): a server ({@link K3sCluster}, schedulable, as k3s's server
 * node is) and {@code N - 1} agents ({@link K3sAgent}) from the same image on the run's Docker network, joined with a
 * token made for it, beside the run's PostgreSQL and MinIO, which its pods reach as the shared cluster's do. Images are
 * imported into every node. Never kept between runs: {@link #close()} removes every node, and so does a JVM shutdown
 * hook when the run is interrupted. A drain here evicts nothing of another scenario's.
 */
public final class MultiNodeK3s implements KubernetesCluster, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MultiNodeK3s.class);

    /** The server's kubeconfig inside its container, for the kubectl it ships. */
    private static final String KUBECONFIG_IN_NODE = "/etc/rancher/k3s/k3s.yaml";

    private static final Duration NODES_READY = Duration.ofMinutes(3);

    /** A hostname is a DNS label: 63 characters at most, the role's suffix included. */
    private static final int OWNER_IN_HOSTNAME = 48;

    private final String owner;

    private final K3sCluster server;

    private final List<K3sAgent> agents;

    private final ClusterImages images;

    private final Thread shutdownHook = new Thread(this::stopAll, "multi-node-k3s-shutdown");

    private MultiNodeK3s(Network network, String owner, int nodes) {
        this.owner = owner;
        String prefix = owner.length() > OWNER_IN_HOSTNAME ? owner.substring(0, OWNER_IN_HOSTNAME) : owner;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        String token = HexFormat.of().formatHex(secret);
        String serverHostname = prefix + "-server";
        server = K3sCluster.serverOfAgents(network, serverHostname, token);
        agents = IntStream.rangeClosed(1, nodes - 1)
                .mapToObj(i -> new K3sAgent(network, prefix + "-agent-" + i, serverHostname, token))
                .toList();
        images = new ContainerdImageImport(nodes());
    }

    /**
     * Starts the server and its agents at once for {@code owner} (the scenario's namespace) and waits until all
     * {@code nodes} are Ready; a failure removes whatever did start.
     */
    public static MultiNodeK3s start(Network network, String owner, int nodes) {
        MultiNodeK3s cluster = new MultiNodeK3s(network, owner, nodes);
        Runtime.getRuntime().addShutdownHook(cluster.shutdownHook);
        long begin = System.nanoTime();
        try {
            Startables.deepStart(cluster.nodes()).join();
            await("the " + nodes + " nodes of " + owner + "'s cluster to be Ready")
                    .atMost(NODES_READY)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> cluster.readyNodes().size() == nodes);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
        LOG.info(
                "k3s of {} nodes for {} started in {} s: {}",
                nodes,
                owner,
                (System.nanoTime() - begin) / 1_000_000_000,
                cluster.readyNodes());
        return cluster;
    }

    private List<GenericContainer<?>> nodes() {
        return Stream.concat(Stream.<GenericContainer<?>>of(server), agents.stream())
                .toList();
    }

    /** The names of the nodes whose condition Ready is True. */
    public List<String> readyNodes() {
        return server.client().nodes().list().getItems().stream()
                .filter(Readiness::isNodeReady)
                .map(node -> node.getMetadata().getName())
                .sorted()
                .toList();
    }

    /** The node the server runs on, the control plane's: its name is the server container's hostname. */
    public String serverNode() {
        return server.getContainerInfo().getConfig().getHostName();
    }

    /**
     * Runs the kubectl the server's image ships, inside the server container, as an operator on that node would (as
     * cluster admin); throws when it could not run at all. The caller reads the exit code.
     */
    public ExecResult kubectl(String... arguments) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", KUBECONFIG_IN_NODE));
        command.addAll(List.of(arguments));
        try {
            return server.execInContainer(command.toArray(String[]::new));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command) + " in " + serverNode(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    /** What each node container logged, by node name: k3s's own log, for the report. */
    public List<NodeLog> logs() {
        return nodes().stream()
                .map(node -> new NodeLog(node.getContainerInfo().getConfig().getHostName(), node.getLogs()))
                .toList();
    }

    /** One node container's log. */
    public record NodeLog(String node, String text) {}

    @Override
    public Path kubeconfigFile() {
        return server.kubeconfigFile();
    }

    @Override
    public KubernetesClient client() {
        return server.client();
    }

    @Override
    public ClusterImages images() {
        return images;
    }

    @Override
    public ServiceAccess accessTo(String namespace, String service, int port, String purpose) {
        return server.accessTo(namespace, service, port, purpose);
    }

    @Override
    public ExternalServiceRoute routeTo(ReachableFromCluster service) {
        return server.routeTo(service);
    }

    /** From inside the node container the pod runs on. */
    @Override
    public ContainerKill containerKill() {
        return (pod, container) -> new NodeProcessKill(nodes().stream()
                        .filter(node -> node.getContainerInfo()
                                .getConfig()
                                .getHostName()
                                .equals(pod.getSpec().getNodeName()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException(
                                "no node container named " + pod.getSpec().getNodeName())))
                .sigkill(pod, container);
    }

    /** Started by {@link #start}; here for {@link KubernetesCluster}'s sake. */
    @Override
    public void start() {
        Startables.deepStart(nodes()).join();
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to deregister
        }
    }

    private synchronized void stopAll() {
        List<GenericContainer<?>> agentsFirst = new ArrayList<>(nodes());
        Collections.reverse(agentsFirst);
        for (GenericContainer<?> node : agentsFirst) {
            try {
                node.stop();
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not remove a node of {}'s cluster ({}): {}",
                        owner,
                        node.getContainerName(),
                        e.toString());
            }
        }
    }
}
