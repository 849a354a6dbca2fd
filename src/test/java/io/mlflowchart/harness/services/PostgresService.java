package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The external PostgreSQL of the prod profile: a PostgreSQL container beside the cluster, reached by pods
 * as {@code postgres.<namespace>.svc:5432}. Image from {@link #IMAGE}.
 */
public class PostgresService extends PostgreSQLContainer implements ReachableFromCluster {


    public static final HarnessProperty IMAGE = new HarnessProperty("postgres.image", "postgres:15-bookworm");

    private final Network network;

    public PostgresService(Network network) {
        super(DockerImageName.parse(IMAGE.value()).asCompatibleSubstituteFor("postgres"));
        this.network = network;
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
    public Network network() {
        return network;
    }
}
