package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Network.Ipam;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The container probe {@link DockerHostAddress} falls back on, against the local Docker engine: the gateway a container
 * on the default bridge gets is the bridge's own, and the probe leaves no container behind.
 */
class DockerHostAddressIT {

    @Test
    void aContainerOnTheBridgeShowsTheBridgesGatewayAndIsRemoved() {
        var docker = DockerClientFactory.instance().client();
        int containersBefore =
                docker.listContainersCmd().withShowAll(true).exec().size();

        String gateway = DockerHostAddress.gatewayOfAContainerOnTheBridge().orElseThrow();

        assertThat(gateway).matches(DockerHostAddress.IPV4);
        List<String> bridgeGateways =
                docker.inspectNetworkCmd().withNetworkId("bridge").exec().getIpam().getConfig().stream()
                        .map(Ipam.Config::getGateway)
                        .filter(DockerHostAddress::isIpv4)
                        .toList();
        // A freshly started daemon may not report the bridge's gateway: then there is nothing to compare with.
        if (!bridgeGateways.isEmpty()) {
            assertThat(gateway).isIn(bridgeGateways);
        }
        assertThat(docker.listContainersCmd().withShowAll(true).exec()).hasSize(containersBefore);
    }
}
