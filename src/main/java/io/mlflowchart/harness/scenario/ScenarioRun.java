package io.mlflowchart.harness.scenario;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.cluster.Rollout;
import io.mlflowchart.harness.cluster.ServiceAccess;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.ChartCommand;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.Release;
import io.mlflowchart.harness.helm.ReleaseChange;
import io.mlflowchart.harness.helm.ReleaseStatus;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.ops.Runbook;
import io.mlflowchart.harness.services.PostgresService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scenario on the shared cluster: its namespace and release, its backends (prod), the MLflow it talks to
 * through the cluster's {@link ServiceAccess}, and the data it expects MLflow to hold. {@link #close()} uninstalls the release and
 * deletes the namespace, whatever happened before.
 */
final class ScenarioRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRun.class);

    /** The release a scenario installs; blue-green upgrades move it to {@link #GREEN_RELEASE}. */
    static final String RELEASE = "mlflow";

    static final String GREEN_RELEASE = "mlflow-green";

    private static final int MLFLOW_PORT = 5000;

    private static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(6);

    private final Scenario scenario;

    private final SharedEnvironment environment;

    private final Helm helm;

    private final Path repositoryRoot;

    private final String firstNamespace;

    private final Runbook runbook;

    private final Path evidence;

    private String namespace;

    private String releaseName = RELEASE;

    private Release release;

    /** The MLflow the release runs now, and the one it ran before the last upgrade (what a rollback returns to). */
    private MlflowImage running;

    private MlflowImage beforeUpgrade;

    private String note;

    private String lastBackup;

    private DataSnapshot expectedAtLastBackup;

    private ProdBackends backends;

    private ServiceAccess access;

    private MlflowClient mlflow;

    private DataSnapshot expected = DataSnapshot.empty();

    /** {@code evidence}: where steps put files for the report, such as the log of a migration Job that failed. */
    ScenarioRun(Scenario scenario, SharedEnvironment environment, Helm helm, Path repositoryRoot, Path evidence) {
        this.scenario = scenario;
        this.evidence = evidence;
        this.running = scenario.mlflow();
        this.environment = environment;
        this.helm = helm;
        this.repositoryRoot = repositoryRoot;
        // Namespaces are DNS labels: scenario names may hold dots (versions) that they may not.
        this.firstNamespace = scenario.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        Path work = repositoryRoot.resolve("target/scenarios").resolve(firstNamespace);
        this.runbook = new Runbook(repositoryRoot, environment.cluster().kubeconfigFile(), work.resolve("backups"), work.resolve("runbook-logs"));
        useNamespace(firstNamespace);
    }

    private void useNamespace(String name) {
        closeAccess();
        namespace = name;
        release = helm.release(releaseName, environment.cluster().kubeconfigFile(), name);
        mlflow = null;
    }

    /**
     * Blue-green's switch: the scenario's clients (the harness) now use the release {@code name} of the same
     * namespace, and the old release is uninstalled.
     */
    void switchTo(String name) {
        Release retired = release;
        releaseName = name;
        useNamespace(namespace);
        awaitServing();
        retired.uninstall(Duration.ofMinutes(3));
    }

    /** {@code make mlflow-backup} with a timestamp of its own; what MLflow holds now is what a restore brings back. */
    void backup() {
        backup("mlflow-backup");
    }

    private void backup(String target) {
        lastBackup = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
        runbook(target);
        expectedAtLastBackup = expected;
    }

    /**
     * {@code make mlflow-pre-upgrade-check TIMESTAMP=<new set>}: checks the release and takes the backup set a
     * rollback restores, holding what MLflow holds now.
     */
    void preUpgradeCheck() {
        backup("mlflow-pre-upgrade-check");
    }

    /** {@code make <target> NAMESPACE= RELEASE= TIMESTAMP=<last backup set> ...} on the scenario's release. */
    String runbook(String target, Map<String, String> variables) {
        return runbookOn(releaseName, target, variables);
    }

    /** A runbook target on another release of the scenario's namespace (blue-green's second release). */
    String runbookOn(String release, String target, Map<String, String> variables) {
        Map<String, String> all = new TreeMap<>(runbookVariables());
        all.putAll(variables);
        return runbook.run(target, namespace, release, all);
    }

    String runbook(String target) {
        return runbook(target, Map.of());
    }

    /** {@code kubectl scale --replicas=0} of the server, as the guide does before an upgrade: no more writes. */
    void stopServer() {
        serverReplaced();
        kubernetes().apps().deployments().inNamespace(namespace).withName(releaseName).scale(0);
        await("server pods of " + releaseName + " to be gone").atMost(ROLLOUT_TIMEOUT).pollInterval(Duration.ofSeconds(1))
            .until(() -> kubernetes().pods().inNamespace(namespace).withLabels(serverPodLabels(releaseName)).list().getItems().isEmpty());
    }

    /** The labels of a release's MLflow server pods, as the chart sets them. */
    static Map<String, String> serverPodLabels(String release) {
        return Map.of("app.kubernetes.io/instance", release, "app.kubernetes.io/component", "server");
    }

    /** {@code helm upgrade} of the release to another MLflow (and chart), waiting for the hooks and the rollout. */
    ReleaseStatus upgrade(MlflowImage target, Path chart) {
        mlflow = null;
        return moveTo(target, chart, release.upgrade(chart));
    }

    /** {@code helm install <name>} of a second release in the scenario's namespace, on the same backends. */
    ReleaseStatus installBeside(String name, MlflowImage target, Path chart) {
        return moveTo(target, chart, helm.release(name, environment.cluster().kubeconfigFile(), namespace).install(chart));
    }

    /** Applies {@code change} with {@code target}'s image; what ran before is what a rollback returns to. */
    private ReleaseStatus moveTo(MlflowImage target, Path chart, ReleaseChange change) {
        importImages(chart, target);
        beforeUpgrade = running;
        running = target;
        return withValues(change, chart, target).within(ROLLOUT_TIMEOUT).apply();
    }

    /** After a rollback the release runs what it ran before the last upgrade. */
    void rolledBack() {
        running = beforeUpgrade;
        mlflow = null;
    }

    /** The MLflow server is down or being replaced: nothing may read through the old access. */
    void serverReplaced() {
        closeAccess();
        mlflow = null;
    }

    /** A text file for the report, among the scenario's diagnostics ({@code fileName} relative to their folder). */
    void saveEvidence(String fileName, String content) {
        try {
            Path file = evidence.resolve(fileName);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + fileName + " into " + evidence, e);
        }
    }

    /** What the step observed beyond counts (an expected failure, say), shown in the report; read once. */
    void note(String text) {
        note = text;
    }

    String takeNote() {
        String text = note;
        note = null;
        return text;
    }

    /** Uninstalls the release and deletes its namespace, volumes included: the disaster a restore recovers from. */
    void destroy() {
        removeRelease(namespace);
        mlflow = null;
    }

    /**
     * {@code make mlflow-restore} of the last backup, into a new release in a new namespace (after a disaster) or
     * into the running one. Data written after that backup is expected to be gone.
     */
    void restore(boolean freshRelease, boolean databaseOnly) {
        Map<String, String> backupSet = databaseOnly
            ? Map.of("FILE", backupDatabaseFile().toString())
            : Map.of("TIMESTAMP", lastBackup());
        if (freshRelease) {
            useNamespace(firstNamespace + "-restored");
            install();
        }
        serverReplaced();
        runbook(databaseOnly ? "mlflow-db-restore" : "mlflow-restore", backupSet);
        restoredLastBackup();
    }

    /** The data of the last backup is what MLflow holds now, once the server answers again. */
    void restoredLastBackup() {
        expected = expectedAtLastBackup;
        awaitServing();
    }

    /** The database part of the last backup set: {@code db/<ts>/mlflow.dump} (PostgreSQL) or {@code mlflow.db} (SQLite). */
    private Path backupDatabaseFile() {
        Path set = runbook.backupDir().resolve("db").resolve(lastBackup());
        return set.resolve(scenario.profile() == Profile.PROD ? "mlflow.dump" : "mlflow.db");
    }

    String lastBackup() {
        if (lastBackup == null) {
            throw new IllegalStateException("scenario " + scenario.name() + " needs a backup set (a backup or upgrade step) before this step");
        }
        return lastBackup;
    }

    /** The backup set to use, and the PostgreSQL client image: the one the external PostgreSQL runs. */
    private Map<String, String> runbookVariables() {
        Map<String, String> variables = new TreeMap<>(Map.of("PG_IMAGE", PostgresService.IMAGE.value()));
        if (lastBackup != null) {
            variables.put("TIMESTAMP", lastBackup);
        }
        return variables;
    }

    Scenario scenario() {
        return scenario;
    }

    String namespace() {
        return namespace;
    }

    String releaseName() {
        return releaseName;
    }

    Release release() {
        return release;
    }

    KubernetesClient kubernetes() {
        return environment.cluster().client();
    }

    SharedEnvironment environment() {
        return environment;
    }

    Path repositoryRoot() {
        return repositoryRoot;
    }

    DataSnapshot expected() {
        return expected;
    }

    void expectAlso(DataSnapshot written) {
        expected = expected.plus(written);
    }

    /** Prepares the namespace (and in prod the backends), imports the chart's images, installs and waits. */
    void install() {
        kubernetes().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
            .serverSideApply();
        if (scenario.profile() == Profile.PROD) {
            backends = ProdBackends.prepare(environment, kubernetes(), namespace);
        }
        Path chart = chart();
        importImages(chart, running);
        withValues(release.install(chart), chart, running).within(ROLLOUT_TIMEOUT).apply();
        awaitServing();
    }

    /** Imports into the cluster the images the chart would run with {@code image}, hooks and tests included. */
    void importImages(Path chart, MlflowImage image) {
        var rendered = withValues(helm.template(chart).named(releaseName).inNamespace(namespace), chart, image).render();
        Set<String> images = images(rendered.objects());
        if (backends != null) {
            // The runbook's pg_dump/pg_restore pods run the PostgreSQL image (PG_IMAGE) in the cluster.
            images.add(PostgresService.IMAGE.value());
        }
        environment.cluster().images().importLocal(images);
    }

    /**
     * The chart's own values file of the profile (an older chart's, for {@code git:<ref>}; a packaged chart's file
     * cannot be given to {@code -f}, so the working tree's), an MLflow image and the backends' connection settings.
     */
    <C extends ChartCommand<C>> C withValues(C command, Path chart, MlflowImage image) {
        String profileValues = "values-" + scenario.profile().name().toLowerCase() + ".yaml";
        Path values = Files.isRegularFile(chart.resolve(profileValues)) ? chart.resolve(profileValues)
            : repositoryRoot.resolve("charts/mlflow").resolve(profileValues);
        C configured = command.withValues(values);
        if (image.image() != null) {
            int colon = image.image().lastIndexOf(':');
            configured = configured.setString("image.repository", image.image().substring(0, colon))
                .setString("image.tag", image.image().substring(colon + 1));
        } else if (image.version() != null) {
            configured = configured.setString("image.tag", "v" + image.version() + "-full");
        }
        if (backends != null) {
            configured = backends.applyTo(configured);
        }
        return configured;
    }

    /** Waits for the server's rollout, then (re)opens the access: what reached the old pods may not reach the new. */
    void awaitServing() {
        new Rollout(namespace, releaseName).awaitComplete(kubernetes(), ROLLOUT_TIMEOUT);
        if (access == null) {
            access = environment.cluster().accessTo(namespace, releaseName, MLFLOW_PORT);
        }
        MlflowClient client = new MlflowClient(access.open());
        await("MLflow in " + namespace + " to answer /health").atMost(Duration.ofMinutes(1))
            .ignoreExceptions().until(() -> "OK".equals(client.health().strip()));
        mlflow = client;
        LOG.info("[{}] MLflow {} serving at {}", scenario.name(), client.version(), client.baseUri());
    }

    MlflowClient mlflow() {
        if (mlflow == null) {
            throw new IllegalStateException("MLflow is not installed yet in scenario " + scenario.name() + ": add an install step first");
        }
        return mlflow;
    }

    ProdBackends backends() {
        if (backends == null) {
            throw new IllegalStateException("scenario " + scenario.name() + " has no external backends (profile " + scenario.profile() + ")");
        }
        return backends;
    }

    Path chart() {
        return chart(scenario.chart());
    }

    Path chart(ChartSource source) {
        if (source instanceof ChartSource.Packaged packaged) {
            return repositoryRoot.resolve(packaged.tgz());
        }
        if (source instanceof ChartSource.GitRef ref) {
            return new ChartAtGitRef(repositoryRoot, ref.ref()).extract();
        }
        return repositoryRoot.resolve("charts/mlflow");
    }

    /** Every container image the rendered chart runs, hooks and tests included. */
    static Set<String> images(Collection<HasMetadata> objects) {
        Set<String> images = new LinkedHashSet<>();
        for (HasMetadata object : objects) {
            PodSpec spec = null;
            if (object instanceof Deployment deployment) {
                spec = deployment.getSpec().getTemplate().getSpec();
            } else if (object instanceof Job job) {
                spec = job.getSpec().getTemplate().getSpec();
            } else if (object instanceof Pod pod) {
                spec = pod.getSpec();
            }
            if (spec != null) {
                Stream.concat(spec.getContainers().stream(), spec.getInitContainers().stream())
                    .forEach(container -> images.add(container.getImage()));
            }
        }
        return images;
    }

    @Override
    public void close() {
        removeRelease(namespace);
        if (!namespace.equals(firstNamespace)) {
            removeRelease(firstNamespace);
        }
    }

    private void closeAccess() {
        if (access != null) {
            access.close();
            access = null;
        }
    }

    private void removeRelease(String name) {
        closeAccess();
        if (kubernetes().namespaces().withName(name).get() == null) {
            return;
        }
        try {
            helm.release(releaseName, environment.cluster().kubeconfigFile(), name).uninstall(Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            LOG.warn("[{}] helm uninstall in {} failed: {}", scenario.name(), name, e.getMessage());
        }
        kubernetes().namespaces().withName(name).delete();
        await("namespace " + name + " to be deleted").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1))
            .until(() -> kubernetes().namespaces().withName(name).get() == null);
    }
}
