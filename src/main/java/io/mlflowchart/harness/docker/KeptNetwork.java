package io.mlflowchart.harness.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

/**
 * A Docker network of a fixed name that outlives the run: Testcontainers' own networks cannot be reused (each run makes
 * one of a new name, and Ryuk or close() removes it), yet a reused container's hash holds its network's id.
 */
record KeptNetwork(String name, String id) implements Network {

    static KeptNetwork findOrCreate(String name, String label) {
        DockerClient docker = DockerClientFactory.instance().client();
        return find(docker, name).orElseGet(() -> {
            try {
                String id = docker.createNetworkCmd()
                        .withName(name)
                        .withCheckDuplicate(true)
                        .withLabels(Map.of(label, "network"))
                        .exec()
                        .getId();
                return new KeptNetwork(name, id);
            } catch (ConflictException createdMeanwhile) {
                return find(docker, name).orElseThrow(() -> createdMeanwhile);
            }
        });
    }

    // The name filter matches parts of names too.
    private static Optional<KeptNetwork> find(DockerClient docker, String name) {
        return docker.listNetworksCmd().withNameFilter(name).exec().stream()
                .filter(network -> network.getName().equals(name))
                .findFirst()
                .map(network -> new KeptNetwork(name, network.getId()));
    }

    @Override
    public String getId() {
        return id;
    }

    /** Kept: the next run finds it by name. */
    @Override
    public void close() {}
}
