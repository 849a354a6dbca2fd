package io.mlflowchart.harness.cluster;

import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Network.Ipam;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.testcontainers.DockerClientFactory;

/**
 * The IPv4 address at which containers on Docker's default bridge reach the Docker host: where the nodes of a
 * cluster that runs in containers of the same engine (kind, k3d, minikube's docker driver) reach the ports Docker
 * publishes. Docker states it as the bridge's IPAM gateway, but a freshly started daemon may not: its IPAM config
 * then holds the subnet alone although the bridge interface carries the gateway (a restarted daemon reports it).
 * Then the answer is the gateway Docker gives a container it starts on the bridge (its default route), read from the
 * container's inspection: Testcontainers' own probe ({@code DockerClientConfigUtils.getDefaultGateway}) reads the
 * output of {@code ip route} for at most 3 s and keeps an empty answer for the JVM's life, which a busy machine gets.
 */
final class DockerHostAddress {

    static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private DockerHostAddress() {}

    /** Asks the Docker engine Testcontainers uses. */
    static String ofLocalDocker(String setting) {
        Network bridge = DockerClientFactory.instance()
                .client()
                .inspectNetworkCmd()
                .withNetworkId("bridge")
                .exec();
        return of(bridge, DockerHostAddress::gatewayOfAContainerOnTheBridge, setting);
    }

    /** Starts Testcontainers' tiny image on the default bridge, reads its gateway, and removes it. */
    static Optional<String> gatewayOfAContainerOnTheBridge() {
        return Optional.ofNullable(DockerClientFactory.instance()
                .runInsideDocker(
                        // Running, so that its network settings are still there when inspected.
                        create -> create.withCmd("sleep", "60"),
                        (client, id) -> Optional.ofNullable(client.inspectContainerCmd(id)
                                        .exec()
                                        .getNetworkSettings()
                                        .getNetworks()
                                        .get("bridge"))
                                .map(ContainerNetwork::getGateway)
                                .orElse(null)));
    }

    /**
     * The bridge's IPAM gateway when it has an IPv4 one, else the container's default route; neither is a failure
     * that names {@code setting}, the property to set instead.
     */
    static String of(Network bridge, Supplier<Optional<String>> containerDefaultRoute, String setting) {
        List<Ipam.Config> configs = bridge.getIpam() == null || bridge.getIpam().getConfig() == null
                ? List.of()
                : bridge.getIpam().getConfig();
        return configs.stream()
                .map(Ipam.Config::getGateway)
                .filter(DockerHostAddress::isIpv4)
                .findFirst()
                .or(() -> containerDefaultRoute.get().map(String::strip).filter(DockerHostAddress::isIpv4))
                .orElseThrow(() ->
                        new IllegalStateException("cannot tell the Docker host's address as the cluster's pods see it: "
                                + "Docker's default bridge has no IPv4 gateway in its IPAM config "
                                + configs.stream().map(Ipam.Config::getSubnet).toList()
                                + ", and a container on it showed no IPv4 default route; set " + setting
                                + " to the IPv4 address at which the cluster's pods reach the Docker host"));
    }

    static boolean isIpv4(String address) {
        return address != null && IPV4.matcher(address).matches();
    }
}
