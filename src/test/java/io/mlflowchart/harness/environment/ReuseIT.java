package io.mlflowchart.harness.environment;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.mlflowchart.harness.docker.KeptBetweenRuns;
import io.mlflowchart.harness.docker.Reuse;
import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.services.ObjectStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * {@code reuse=true}: a second environment finds the first one's k3s, PostgreSQL and MinIO running and uses them, with
 * the images already in the node, while what the first left in a database or bucket is gone when it asks for them
 * empty; without reuse, nothing is left. Whatever was kept (by an earlier run of a developer too) is removed before
 * and after, with the command the end of a run prints.
 */
class ReuseIT {

    private static final String PROBE_IMAGE = ClusterEnvironmentIT.PROBE_IMAGE;

    private static final String DATABASE = "reuse_it";

    private static final String BUCKET = "reuse-it";

    private final DockerClient docker = DockerClientFactory.instance().client();

    @BeforeEach
    @AfterEach
    void removeWhatWasKept() throws IOException, InterruptedException {
        new ExternalCommand(List.of("sh", "-c", Reuse.removalCommand()), Duration.ofMinutes(2)).run();
        assertThat(keptContainers())
                .as("containers left with the label " + Reuse.LABEL)
                .isEmpty();
        assertThat(docker.listNetworksCmd()
                        .withFilter("label", List.of(Reuse.LABEL))
                        .exec())
                .as("networks left with the label " + Reuse.LABEL)
                .isEmpty();
    }

    @Test
    void aSecondEnvironmentWithReuseUsesTheFirstOnesContainersAndImages() throws SQLException {
        List<String> firstIds;
        try (SharedEnvironment first = new SharedEnvironment("k3s", Reuse.KEEP_BETWEEN_RUNS)) {
            firstIds = containerIds(first);
            assertThat(first.cluster().images().importLocal(List.of(PROBE_IMAGE)))
                    .containsExactly(PROBE_IMAGE);
            first.postgres().createEmptyDatabase(DATABASE);
            try (Connection connection = first.postgres().connect(DATABASE);
                    Statement statement = connection.createStatement()) {
                statement.execute("create table left_by_the_first_run (id int)");
            }
            first.objectStore().createEmptyBucket(BUCKET);
            first.objectStore().putObject(BUCKET, "left/by-the-first-run", "x".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(keptContainers())
                .as("containers running between the two runs")
                .filteredOn(container -> container.getState().equals("running"))
                .extracting(Container::getId)
                .containsExactlyInAnyOrderElementsOf(firstIds);

        try (SharedEnvironment second = new SharedEnvironment("k3s", Reuse.KEEP_BETWEEN_RUNS)) {
            assertThat(containerIds(second)).as("the second run's containers").isEqualTo(firstIds);
            assertThat(second.cluster().images().importLocal(List.of(PROBE_IMAGE)))
                    .as("images imported again into the kept node")
                    .isEmpty();
            assertThat(second.cluster()
                            .client()
                            .namespaces()
                            .withName("kube-system")
                            .get())
                    .isNotNull();

            second.postgres().createEmptyDatabase(DATABASE);
            try (Connection connection = second.postgres().connect(DATABASE);
                    Statement statement = connection.createStatement();
                    ResultSet tables = statement.executeQuery(
                            "select table_name from information_schema.tables where table_schema = 'public'")) {
                assertThat(tables.next())
                        .as("a table left in the database asked for empty")
                        .isFalse();
            }
            ObjectStore store = second.objectStore();
            store.createEmptyBucket(BUCKET);
            assertThat(store.listKeys(BUCKET, ""))
                    .as("objects left in the bucket asked for empty")
                    .isEmpty();
        }
    }

    @Test
    void aRunWithoutReuseLeavesNothing() {
        List<String> ids;
        String networkId;
        try (SharedEnvironment environment = new SharedEnvironment("k3s", Reuse.OFF)) {
            ids = containerIds(environment);
            networkId = environment.network().getId();
        }
        Set<String> left = Set.copyOf(ids);
        assertThat(docker.listContainersCmd().withShowAll(true).exec())
                .as("the run's containers after it ended")
                .noneMatch(container -> left.contains(container.getId()));
        assertThat(docker.listNetworksCmd().exec())
                .noneMatch(network -> network.getId().equals(networkId));
        assertThat(keptContainers()).as("containers labelled to be kept").isEmpty();
    }

    /** Starts the cluster, PostgreSQL and MinIO; returns their container ids in that order. */
    private static List<String> containerIds(SharedEnvironment environment) {
        return List.of(
                ((KeptBetweenRuns) environment.cluster()).getContainerId(),
                ((KeptBetweenRuns) environment.postgres()).getContainerId(),
                ((KeptBetweenRuns) environment.objectStore()).getContainerId());
    }

    private List<Container> keptContainers() {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(List.of(Reuse.LABEL))
                .exec();
    }
}
