package io.mlflowchart.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** A run that fails half-way leaves no container and no network behind. */
class EnvironmentTeardownIT {

    private final DockerClient docker = DockerClientFactory.instance().client();

    @Test
    void removesItsContainersAndNetworkWhenATestFailsHalfWay() {
        AtomicReference<Set<String>> containerIds = new AtomicReference<>();
        AtomicReference<String> networkId = new AtomicReference<>();

        assertThatThrownBy(() -> {
            try (SharedEnvironment environment = new SharedEnvironment()) {
                environment.postgres();
                networkId.set(environment.network().getId());
                containerIds.set(docker.inspectNetworkCmd().withNetworkId(networkId.get()).exec().getContainers().keySet());
                throw new IllegalStateException("a scenario step failed");
            }
        }).hasMessage("a scenario step failed");

        assertThat(docker.listContainersCmd().withShowAll(true).exec())
            .noneMatch(container -> containerIds.get().contains(container.getId()));
        assertThat(docker.listNetworksCmd().exec())
            .noneMatch(network -> network.getId().equals(networkId.get()));
    }
}
