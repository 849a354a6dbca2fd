package io.mlflowchart.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** A run that fails half-way leaves no container and no network behind. */
class EnvironmentTeardownIT {

    private final DockerClient docker = DockerClientFactory.instance().client();

    @Test
    void removesItsContainersAndNetworkWhenATestFailsHalfWay() {
        AtomicReference<String> containerId = new AtomicReference<>();
        AtomicReference<String> networkId = new AtomicReference<>();

        assertThatThrownBy(() -> {
            try (SharedEnvironment environment = new SharedEnvironment()) {
                containerId.set(environment.postgres().getContainerId());
                networkId.set(environment.network().getId());
                throw new IllegalStateException("a scenario step failed");
            }
        }).hasMessage("a scenario step failed");

        assertThat(docker.listContainersCmd().withShowAll(true).exec())
            .noneMatch(container -> container.getId().equals(containerId.get()));
        assertThat(docker.listNetworksCmd().exec())
            .noneMatch(network -> network.getId().equals(networkId.get()));
    }
}
