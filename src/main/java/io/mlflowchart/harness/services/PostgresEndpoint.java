package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server the harness did not start, given as {@code postgres.endpoint=host:port} with a user allowed to
 * create databases ({@code postgres.username}, {@code postgres.password}). No container is started then. This machine
 * and the chart's pods both connect to it as given, so the host must resolve and be reachable from both.
 */
public final class PostgresEndpoint implements PostgresServer {

    public static final HarnessProperty ENDPOINT = new HarnessProperty("postgres.endpoint", "");

    public static final HarnessProperty USERNAME = new HarnessProperty("postgres.username", "");

    public static final HarnessProperty PASSWORD = new HarnessProperty("postgres.password", "");

    private static final Logger LOG = LoggerFactory.getLogger(PostgresEndpoint.class);

    private static final Pattern HOST_AND_PORT = Pattern.compile("([^:/\\s]+)(?::(\\d{1,5}))?");

    private static final int DEFAULT_PORT = 5432;

    private final String host;

    private final int port;

    private final String username;

    private final String password;

    private PostgresEndpoint(String host, int port, String username, String password) {
        this.host = host;
        this.port = port;
        this.username = username;
        this.password = password;
    }

    /** The server the settings give, if they give one; settings that cannot work fail here, before anything starts. */
    public static Optional<PostgresEndpoint> fromSettings(Settings settings) {
        String endpoint = ENDPOINT.valueIn(settings);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        new EndpointCredentials(USERNAME, PASSWORD).requireFor(settings, ENDPOINT, "a user that may create databases");
        Matcher hostAndPort = HOST_AND_PORT.matcher(endpoint);
        if (!hostAndPort.matches()) {
            throw new IllegalArgumentException(ENDPOINT.name() + "=" + endpoint + " (or "
                    + ENDPOINT.environmentVariable() + "): expected host:port, e.g. db.example.com:5432");
        }
        int port = hostAndPort.group(2) == null ? DEFAULT_PORT : Integer.parseInt(hostAndPort.group(2));
        return Optional.of(new PostgresEndpoint(
                hostAndPort.group(1), port, USERNAME.valueIn(settings), PASSWORD.valueIn(settings)));
    }

    /** Checks that the user can log in, naming the settings if not. */
    @Override
    public void start() {
        try (Connection probe = connect("postgres")) {
            LOG.info("PostgreSQL at {}: logged in as {}, no container started", address(), username);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    ENDPOINT.name() + "=" + address() + ": cannot log in as " + username + " (" + e.getMessage()
                            + "); check " + ENDPOINT.name() + ", " + USERNAME.name() + " and " + PASSWORD.name(),
                    e);
        }
    }

    /** Nothing to stop: the server is not the harness's. */
    @Override
    public void stop() {}

    @Override
    public String getUsername() {
        return username;
    }

    @Override
    public String getPassword() {
        return password;
    }

    @Override
    public String address() {
        return host + ":" + port;
    }

    @Override
    public InetSocketAddress addressFor(KubernetesCluster cluster, String namespace) {
        return InetSocketAddress.createUnresolved(host, port);
    }
}
