package io.mlflowchart.harness.environment;

import io.mlflowchart.harness.docker.Reuse;
import io.mlflowchart.harness.services.BackendServers;
import io.mlflowchart.harness.services.MinioService;
import io.mlflowchart.harness.services.PostgresService;
import io.mlflowchart.harness.services.ServerProcess;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startables;

/**
 * A PostgreSQL and a MinIO container for one scenario alone ({@code backends: dedicated}): the same images and modules
 * as the run's shared ones, on the same network beside the cluster, reached by the scenario's pods the same way
 * ({@code postgres.<namespace>.svc}, {@code minio.<namespace>.svc}), never kept between runs. Their servers run as
 * {@link ServerProcess}es, so the scenario's steps may restart or stop them while no other scenario notices.
 * {@link #close()} removes both; so does a JVM shutdown hook when the run is interrupted.
 */
public final class DedicatedBackends implements BackendServers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DedicatedBackends.class);

    private final String owner;

    private final PostgresService postgres;

    private final MinioService objectStore;

    private final ServerProcess postgresServer;

    private final ServerProcess objectStoreServer;

    private final Thread shutdownHook = new Thread(this::stopBoth, "dedicated-backends-shutdown");

    private DedicatedBackends(Network network, String owner) {
        this.owner = owner;
        postgres = new PostgresService(network, Reuse.OFF);
        objectStore = new MinioService(network, Reuse.OFF);
        // Aliases of their own: the shared containers are "postgres" and "minio" on this network.
        postgres.setNetworkAliases(new ArrayList<>(List.of("postgres-" + owner)));
        objectStore.setNetworkAliases(new ArrayList<>(List.of("minio-" + owner)));
        // PostgreSQL's fast shutdown, as pg_ctl restart does by default; MinIO's own graceful stop.
        postgresServer = ServerProcess.of(postgres, "INT");
        objectStoreServer = ServerProcess.of(objectStore, "TERM");
    }

    /** Starts both for {@code owner} (the scenario's namespace), at once; a failure removes what did start. */
    public static DedicatedBackends start(Network network, String owner) {
        DedicatedBackends backends = new DedicatedBackends(network, owner);
        Runtime.getRuntime().addShutdownHook(backends.shutdownHook);
        long begin = System.nanoTime();
        try {
            Startables.deepStart(backends.postgres, backends.objectStore).join();
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
        LOG.info(
                "dedicated PostgreSQL {} and MinIO {} for {} started in {} s",
                backends.postgres.getContainerId().substring(0, 12),
                backends.objectStore.getContainerId().substring(0, 12),
                owner,
                (System.nanoTime() - begin) / 1_000_000_000);
        return backends;
    }

    @Override
    public PostgresService postgres() {
        return postgres;
    }

    @Override
    public MinioService objectStore() {
        return objectStore;
    }

    /** PostgreSQL's server process, to restart while its container, address and ports stay. */
    public ServerProcess postgresServer() {
        return postgresServer;
    }

    /** MinIO's server process, to stop for a while while its container, address and ports stay. */
    public ServerProcess objectStoreServer() {
        return objectStoreServer;
    }

    @Override
    public void close() {
        stopBoth();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to deregister
        }
    }

    private synchronized void stopBoth() {
        for (GenericContainer<?> container : List.<GenericContainer<?>>of(objectStore, postgres)) {
            try {
                container.stop();
            } catch (RuntimeException e) {
                LOG.warn(
                        "could not remove the dedicated {} of {}: {}",
                        container.getDockerImageName(),
                        owner,
                        e.toString());
            }
        }
    }
}
