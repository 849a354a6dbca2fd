package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.ReachableFromCluster;
import java.net.InetSocketAddress;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The harness's own PostgreSQL for the prod profile: a container beside the cluster, reached by pods as
 * {@code postgres.<namespace>.svc:5432}. Image from {@link #IMAGE}.
 */
public class PostgresService extends PostgreSQLContainer implements PostgresServer, ReachableFromCluster {

    public static final HarnessProperty IMAGE = new HarnessProperty("postgres.image", "postgres:15-bookworm");

    public PostgresService(Network network) {
        super(DockerImageName.parse(IMAGE.value()).asCompatibleSubstituteFor("postgres"));
        withNetwork(network);
        withNetworkAliases(serviceName());
        withDatabaseName("mlflow");
        withUsername("mlflow");
        withPassword("mlflow-e2e-" + Long.toHexString(System.nanoTime()));
    }

    @Override
    public String serviceName() {
        return "postgres";
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
