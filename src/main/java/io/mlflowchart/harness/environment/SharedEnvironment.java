package io.mlflowchart.harness.environment;

import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.docker.KeptBetweenRuns;
import io.mlflowchart.harness.docker.Reuse;
import io.mlflowchart.harness.services.BackendServers;
import io.mlflowchart.harness.services.MinioService;
import io.mlflowchart.harness.services.ObjectStore;
import io.mlflowchart.harness.services.PostgresEndpoint;
import io.mlflowchart.harness.services.PostgresServer;
import io.mlflowchart.harness.services.PostgresService;
import io.mlflowchart.harness.services.S3Endpoint;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.lifecycle.Startable;

/**
 * Everything a test run shares: one Docker network, one cluster (the harness's own k3s on that network, or an existing
 * one, see {@link KubernetesCluster#SETTING}), and the PostgreSQL and S3 store beside it (containers on the network,
 * or endpoints the settings give), each started on first use. The settings are read when the environment is created,
 * so a bad one fails before any test starts. {@link #close()} stops what was started in reverse order; a JVM
 * shutdown hook does the same when a run is interrupted, so nothing is left behind on Ctrl-C. With {@link Reuse}
 * ({@code reuse=true}) the harness's own containers and their network are found running from the run before, and
 * left running at the end, which says how to remove them.
 */
public final class SharedEnvironment implements BackendServers, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SharedEnvironment.class);

    private final Reuse reuse;

    private final Network network;

    private final Deque<Startable> started = new ArrayDeque<>();

    private final Thread shutdownHook = new Thread(this::stopAll, "test-environment-shutdown");

    private final String clusterSetting;

    private final KubernetesCluster chosenCluster;

    private final Optional<PostgresEndpoint> givenPostgres = PostgresEndpoint.fromSettings(Settings.ofThisProcess());

    private final Optional<S3Endpoint> givenS3 = S3Endpoint.fromSettings(Settings.ofThisProcess());

    private KubernetesCluster cluster;

    private PostgresServer postgres;

    private ObjectStore objectStore;

    public SharedEnvironment() {
        this(KubernetesCluster.SETTING.value(), Reuse.fromSettings(Settings.ofThisProcess()));
    }

    /**
     * On the cluster that {@code cluster} names, as {@link KubernetesCluster#SETTING} would: k3s or kubeconfig:<file>;
     * keeping the harness's own containers for the next run or not, as {@link Reuse#SETTING} would.
     */
    public SharedEnvironment(String cluster, Reuse reuse) {
        reuse.requireSupport();
        this.reuse = reuse;
        network = reuse.network();
        clusterSetting = cluster;
        chosenCluster = KubernetesCluster.named(cluster, network, reuse);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public synchronized KubernetesCluster cluster() {
        if (cluster == null) {
            // Started by the first step that needs it: that step waits on Kubernetes meanwhile.
            cluster = Waits.on(WaitingOn.KUBERNETES, () -> start("cluster " + clusterSetting, () -> chosenCluster));
        }
        return cluster;
    }

    @Override
    public synchronized PostgresServer postgres() {
        if (postgres == null) {
            postgres = givenPostgres.isPresent()
                    ? start("PostgreSQL at " + givenPostgres.get().address(), givenPostgres::get)
                    : start("PostgreSQL", () -> new PostgresService(network, reuse));
        }
        return postgres;
    }

    @Override
    public synchronized ObjectStore objectStore() {
        if (objectStore == null) {
            objectStore = givenS3.isPresent()
                    ? start("S3 at " + givenS3.get().endpoint(), givenS3::get)
                    : start("MinIO", () -> new MinioService(network, reuse));
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
        if (component instanceof GenericContainer<?> container) {
            reuse.removeStale(container);
        }
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
        List<String> kept = new ArrayList<>();
        while (!started.isEmpty()) {
            Startable component = started.pop();
            try {
                if (reuse == Reuse.KEEP_BETWEEN_RUNS && component instanceof KeptBetweenRuns keptContainer) {
                    keptContainer.leaveRunning();
                    kept.add(keptContainer.getClass().getSimpleName() + " "
                            + keptContainer.getContainerId().substring(0, 12));
                } else {
                    component.stop();
                }
            } catch (RuntimeException e) {
                LOG.warn("could not stop {}: {}", component, e.toString());
            }
        }
        network.close();
        if (!kept.isEmpty()) {
            LOG.warn(Reuse.keptSummary(kept));
        }
    }
}
