package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.model.Network;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The Docker host's address on the default bridge, from what {@code docker network inspect bridge} printed on Debian's
 * dockerd 20.10: freshly started (IPAM config without a gateway) and restarted on its old state (with it).
 */
class DockerHostAddressTest {

    private static final String SETTING = "services.host (or SERVICES_HOST)";

    private final AtomicInteger containersAsked = new AtomicInteger();

    @Test
    void takesTheGatewayARestartedDaemonReportsWithoutStartingAContainer() throws IOException {
        String address =
                DockerHostAddress.of(bridge("bridge-restarted-daemon.json"), defaultRoute("10.9.9.9"), SETTING);

        assertThat(address).isEqualTo("172.17.0.1");
        assertThat(containersAsked).hasValue(0);
    }

    @Test
    void asksAContainerForItsDefaultRouteWhenAFreshDaemonReportsNoGateway() throws IOException {
        String address =
                DockerHostAddress.of(bridge("bridge-fresh-daemon.json"), defaultRoute("172.17.0.1\n"), SETTING);

        assertThat(address).isEqualTo("172.17.0.1");
        assertThat(containersAsked).hasValue(1);
    }

    @Test
    void failsNamingTheSettingWhenNeitherTellsAnIpv4Address() throws IOException {
        Network fresh = bridge("bridge-fresh-daemon.json");

        assertThatThrownBy(() -> DockerHostAddress.of(fresh, () -> Optional.empty(), SETTING))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no IPv4 gateway in its IPAM config [172.17.0.0/16]")
                .hasMessageContaining("no IPv4 default route")
                .hasMessageEndingWith(
                        "set " + SETTING + " to the IPv4 address at which the cluster's pods reach the Docker host");
        assertThatThrownBy(() -> DockerHostAddress.of(fresh, defaultRoute("fe80::1"), SETTING))
                .hasMessageContaining("no IPv4 default route");
    }

    private Supplier<Optional<String>> defaultRoute(String printed) {
        return () -> {
            containersAsked.incrementAndGet();
            return Optional.of(printed);
        };
    }

    private static Network bridge(String file) throws IOException {
        try (InputStream json = DockerHostAddressTest.class.getResourceAsStream("/docker/" + file)) {
            // Read as docker-java reads the engine's answers: fields its model lacks are skipped.
            return Mappers.JSON.readValue(json, Network[].class)[0];
        }
    }
}
