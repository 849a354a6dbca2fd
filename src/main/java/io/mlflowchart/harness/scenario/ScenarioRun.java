package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.MultiNodeK3s;
import io.mlflowchart.harness.environment.DedicatedBackends;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.images.MlflowImages;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.ops.Runbook;
import io.mlflowchart.harness.services.BackendServers;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one scenario's steps work on: the release it runs now (blue-green and a restore into a fresh namespace move
 * it), the data MLflow must hold, the backup sets, what steps leave for the report, with {@code backends: dedicated}
 * the PostgreSQL and MinIO of its own, and with {@code cluster: {nodes: N}} a k3s of its own. {@link #close()} removes
 * every release and namespace the scenario made (or its whole cluster), then those backends, whatever happened before.
 */
public final class ScenarioRun implements AutoCloseable {

    /** Added to the scenario's namespace for the fresh release a restore goes to. */
    static final String RESTORED = "-restored";

    private final Scenario scenario;

    private final ChartRelease.Context context;

    /** The release the scenario installs; blue-green moves the scenario to {@code <name>-green}. */
    private final String releaseName;

    private final ExpectedData expected = new ExpectedData();

    private final BackupSets backups;

    private final Evidence evidence;

    /** Present with {@code backends: dedicated}. */
    private final Optional<DedicatedBackends> dedicated;

    /** Present with {@code cluster: {nodes: N}}. */
    private final Optional<MultiNodeK3s> ownCluster;

    /** Every release the scenario made, the current one last: what {@link #close()} removes. */
    private final List<ChartRelease> releases = new ArrayList<>();

    private ChartRelease release;

    /** {@code evidence}: where steps put files for the report, such as the log of a migration Job that failed. */
    ScenarioRun(Scenario scenario, ScenarioSuite suite, SharedEnvironment environment, Helm helm, Path evidence) {
        this.scenario = scenario;
        this.releaseName = suite.releaseName();
        this.evidence = new Evidence(evidence);
        MlflowImages images = MlflowImages.of(suite.repositoryRoot(), Settings.ofThisProcess());
        // Before anything starts: a release PyPI lacks, or whose image does not build, fails the first step, not an
        // upgrade minutes in. Each is resolved once per run, so the steps that install it find it at once.
        scenario.releases().forEach(images::resolve);
        String namespace = NamespacePrefix.from(Settings.ofThisProcess()).namespaceOf(scenario);
        this.dedicated = scenario.backends() == Backends.DEDICATED
                ? Optional.of(DedicatedBackends.start(environment.network(), namespace))
                : Optional.empty();
        try {
            // Started by the first step, which waits on Kubernetes meanwhile, as for the shared cluster.
            this.ownCluster = scenario.cluster()
                    .map(own -> Waits.on(
                            WaitingOn.KUBERNETES,
                            () -> MultiNodeK3s.start(environment.network(), namespace, own.nodes())));
        } catch (RuntimeException e) {
            dedicated.ifPresent(DedicatedBackends::close);
            throw e;
        }
        try {
            KubernetesCluster cluster =
                    ownCluster.<KubernetesCluster>map(own -> own).orElseGet(environment::cluster);
            this.context = new ChartRelease.Context(
                    scenario,
                    environment,
                    cluster,
                    dedicated.<BackendServers>map(own -> own).orElse(environment),
                    helm,
                    suite.charts(),
                    UserSecrets.draw(),
                    images,
                    this.evidence);
            Path work = suite.repositoryRoot().resolve("target/scenarios").resolve(namespace);
            this.backups = new BackupSets(
                    new Runbook(
                            suite.repositoryRoot(),
                            suite.runbook(),
                            cluster.kubeconfigFile(),
                            work.resolve("backups"),
                            work.resolve("runbook-logs")),
                    expected,
                    scenario.name());
            use(new ChartRelease(context, namespace, releaseName, scenario.mlflow(), null))
                    .removeLeftovers();
        } catch (RuntimeException e) {
            ownCluster.ifPresent(MultiNodeK3s::close);
            dedicated.ifPresent(DedicatedBackends::close);
            throw e;
        }
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The release the scenario's clients use now. */
    public ChartRelease release() {
        return release;
    }

    /** The MLflow the current release serves. */
    public MlflowClient mlflow() {
        return release.endpoint().client();
    }

    public ExpectedData expected() {
        return expected;
    }

    public BackupSets backups() {
        return backups;
    }

    public Evidence evidence() {
        return evidence;
    }

    public SharedEnvironment environment() {
        return context.environment();
    }

    /** The PostgreSQL and S3 store the scenario's prod releases keep their data on. */
    public BackendServers servers() {
        return context.servers();
    }

    /** The scenario's own PostgreSQL and MinIO, which the loader lets only a scenario with {@code backends: dedicated} reach. */
    public DedicatedBackends dedicatedBackends() {
        return dedicated.orElseThrow(() -> new IllegalStateException(
                "scenario " + scenario.name() + " runs on the shared backends: give it backends: dedicated"));
    }

    /** The cluster the scenario runs on: its own, or the run's. */
    public KubernetesCluster cluster() {
        return context.cluster();
    }

    /** The scenario's own k3s, which the loader lets only a scenario with {@code cluster: {nodes: N}} reach. */
    public MultiNodeK3s ownCluster() {
        return ownCluster.orElseThrow(() -> new IllegalStateException(
                "scenario " + scenario.name() + " runs on the shared cluster: give it cluster: {nodes: 2}"));
    }

    public KubernetesClient kubernetes() {
        return context.cluster().client();
    }

    public ChartSources charts() {
        return context.charts();
    }

    /** The chart the scenario installs. */
    public Path chart() {
        return context.charts().resolve(scenario.chart());
    }

    /** The second release of blue-green, beside the scenario's. */
    public String greenReleaseName() {
        return releaseName + "-green";
    }

    /**
     * Blue-green's switch: the scenario's clients use {@code next}, a release beside the current one, once it serves;
     * the old release is uninstalled.
     */
    public void switchTo(ChartRelease next) {
        ChartRelease retired = release;
        use(next);
        next.endpoint().awaitServing();
        retired.uninstall();
    }

    /** A new release of the scenario's name in a new namespace, running what the current one runs: where a restore goes after a disaster. */
    public ChartRelease freshRelease() {
        ChartRelease fresh = use(new ChartRelease(
                context, releases.get(0).namespace() + RESTORED, releaseName, release.running(), null));
        fresh.removeLeftovers();
        return fresh;
    }

    private ChartRelease use(ChartRelease next) {
        releases.add(next);
        release = next;
        return next;
    }

    /**
     * Removes every release the scenario made, with its namespace, the current one first (or its own cluster whole,
     * nodes' logs saved for the report), then its own backends; the images the releases held stay in the cluster,
     * held no longer.
     */
    @Override
    public void close() {
        try {
            if (ownCluster.isPresent()) {
                closeOwnCluster(ownCluster.get());
            } else {
                for (int i = releases.size() - 1; i >= 0; i--) {
                    releases.get(i).removeWithNamespace();
                }
            }
        } finally {
            releases.forEach(ChartRelease::letGoOfImages);
            dedicated.ifPresent(own -> {
                try {
                    // What the servers logged across the faults (PostgreSQL's shutdown and recovery), for the report.
                    evidence.save("dedicated-postgres.log", own.postgres().getLogs());
                    evidence.save("dedicated-minio.log", own.objectStore().getLogs());
                } finally {
                    own.close();
                }
            });
        }
    }

    private void closeOwnCluster(MultiNodeK3s cluster) {
        try {
            cluster.logs().forEach(node -> evidence.save("node-" + node.node() + ".log", node.text()));
        } finally {
            cluster.close();
        }
    }
}
