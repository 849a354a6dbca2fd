package io.mlflowchart.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.docker.Reuse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/** A run that fails half-way leaves no container and no network behind (without reuse=true, whatever this machine sets). */
class EnvironmentTeardownIT {

    private final DockerClient docker = DockerClientFactory.instance().client();

    @Test
    void removesItsContainersAndNetworkWhenATestFailsHalfWay() {
        AtomicReference<Set<String>> containerIds = new AtomicReference<>();
        AtomicReference<Set<String>> runningIds = new AtomicReference<>();
        AtomicReference<String> networkId = new AtomicReference<>();

        assertThatThrownBy(() -> {
                    try (SharedEnvironment environment =
                            new SharedEnvironment(KubernetesCluster.SETTING.value(), Reuse.OFF)) {
                        environment.postgres();
                        networkId.set(environment.network().getId());
                        Map<String, ?> onNetwork = docker.inspectNetworkCmd()
                                .withNetworkId(networkId.get())
                                .exec()
                                .getContainers();
                        containerIds.set(onNetwork == null ? Set.of() : Set.copyOf(onNetwork.keySet()));
                        runningIds.set(containerIds.get().stream()
                                .filter(id -> Boolean.TRUE.equals(docker.inspectContainerCmd(id)
                                        .exec()
                                        .getState()
                                        .getRunning()))
                                .collect(Collectors.toSet()));
                        throw new IllegalStateException("a scenario step failed");
                    }
                })
                .hasMessage("a scenario step failed");

        // Without this, a run whose PostgreSQL is a given endpoint (no container) would pass having removed nothing.
        assertThat(runningIds.get())
                .as("containers running on the environment's network before the failure")
                .isNotEmpty()
                .isEqualTo(containerIds.get());
        assertThat(docker.listContainersCmd().withShowAll(true).exec())
                .noneMatch(container -> containerIds.get().contains(container.getId()));
        assertThat(docker.listNetworksCmd().exec())
                .noneMatch(network -> network.getId().equals(networkId.get()));
    }
}
