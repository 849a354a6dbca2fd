package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.ReachableFromCluster;
import io.mlflowchart.harness.docker.KeptBetweenRuns;
import io.mlflowchart.harness.docker.Reuse;
import java.net.InetSocketAddress;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The harness's own PostgreSQL for the prod profile: a container beside the cluster, reached by pods as
 * {@code postgres.<namespace>.svc:5432}. Image from {@link #IMAGE}. With {@link Reuse#KEEP_BETWEEN_RUNS} it is the kept
 * one, with the password it was created with.
 */
public class PostgresService extends PostgreSQLContainer
        implements PostgresServer, ReachableFromCluster, KeptBetweenRuns {

    public static final HarnessProperty IMAGE = new HarnessProperty("postgres.image", "postgres:15-bookworm");

    private static final String ROLE = "postgres";

    public PostgresService(Network network, Reuse reuse) {
        super(DockerImageName.parse(IMAGE.value()).asCompatibleSubstituteFor("postgres"));
        withNetwork(network);
        withNetworkAliases(serviceName());
        withDatabaseName("mlflow");
        withUsername("mlflow");
        withPassword(reuse.keptEnvironment(ROLE, "POSTGRES_PASSWORD")
                .orElseGet(() -> "mlflow-e2e-" + Long.toHexString(System.nanoTime())));
        reuse.keep(this, ROLE);
    }

    /** Nothing held: JDBC connections are opened and closed per use. */
    @Override
    public void leaveRunning() {}

    @Override
    public String serviceName() {
        return ROLE;
    }

    @Override
    public int servicePort() {
        return POSTGRESQL_PORT;
    }

    @Override
    public String address() {
        return getHost() + ":" + getMappedPort(POSTGRESQL_PORT);
    }

    @Override
    public InetSocketAddress addressFor(KubernetesCluster cluster, String namespace) {
        return InetSocketAddress.createUnresolved(
                cluster.routeTo(this).applyTo(cluster.client(), namespace), POSTGRESQL_PORT);
    }
}
