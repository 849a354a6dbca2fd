package io.mlflowchart.harness.environment;

import io.mlflowchart.harness.cluster.K3sCluster;
import io.mlflowchart.harness.services.ObjectStore;
import io.mlflowchart.harness.services.PostgresService;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;

/**
 * Everything a test run shares: one Docker network, one k3s cluster on it, and the PostgreSQL and MinIO
 * containers beside it, each started on first use. {@link #close()} stops them in reverse order; a JVM
 * shutdown hook does the same when a run is interrupted, so nothing is left behind on Ctrl-C.
 */
public final class SharedEnvironment implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEnvironment.class);

    private final Network network = Network.newNetwork();

    private final Deque<Startable> started = new ArrayDeque<>();

    private final Thread shutdownHook = new Thread(this::stopAll, "test-environment-shutdown");

    private K3sCluster cluster;

    private PostgresService postgres;

    private ObjectStore objectStore;

    public SharedEnvironment() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public synchronized K3sCluster cluster() {
        if (cluster == null) {
            cluster = start("k3s cluster", () -> new K3sCluster(network));
        }
        return cluster;
    }

    public synchronized PostgresService postgres() {
        if (postgres == null) {
            postgres = start("PostgreSQL", () -> new PostgresService(network));
        }
        return postgres;
    }

    public synchronized ObjectStore objectStore() {
        if (objectStore == null) {
            objectStore = start("MinIO", () -> new ObjectStore(network));
        }
        return objectStore;
    }

    public Network network() {
        return network;
    }

    private <T extends Startable> T start(String what, Supplier<T> factory) {
        T component = factory.get();
        LOG.info("starting {} ...", what);
        long begin = System.nanoTime();
        // Registered before start: a container that fails half-way still gets stopped and removed.
        started.push(component);
        component.start();
        LOG.info("{} started in {} s", what, (System.nanoTime() - begin) / 1_000_000_000);
        return component;
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to deregister
        }
    }

    private synchronized void stopAll() {
        while (!started.isEmpty()) {
            Startable component = started.pop();
            try {
                component.stop();
            } catch (RuntimeException e) {
                LOG.warn("could not stop {}: {}", component, e.toString());
            }
        }
        network.close();
    }
}
