package io.mlflowchart.harness.services;

import io.mlflowchart.harness.cluster.KubernetesCluster;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.testcontainers.lifecycle.Startable;

/**
 * The prod profile's PostgreSQL: the harness's own container ({@link PostgresService}) or a server at a given
 * endpoint ({@link PostgresEndpoint}). The harness creates each scenario's database on it; the chart's pods connect
 * to it with the same user.
 */
public interface PostgresServer extends Startable {

    String getUsername();

    String getPassword();

    /** {@code host:port} as this machine reaches the server. */
    String address();

    /** The host and port pods in the namespace connect to, routed there first if pods cannot reach the server as it is. */
    InetSocketAddress addressFor(KubernetesCluster cluster, String namespace);

    /** A JDBC connection from this machine to one of the server's databases. */
    default Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://" + address() + "/" + database, getUsername(), getPassword());
    }

    /**
     * Creates an empty database owned by the user, dropping one of the same name first: a given server outlives runs,
     * and each scenario starts from nothing, as on the harness's own container.
     */
    default void createEmptyDatabase(String name) {
        try (Connection connection = connect("postgres");
                Statement statement = connection.createStatement()) {
            statement.execute("drop database if exists \"" + name + "\"");
            statement.execute("create database \"" + name + "\"");
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not create database " + name + " on the PostgreSQL at " + address() + " as " + getUsername()
                            + ": " + e.getMessage(),
                    e);
        }
    }
}
