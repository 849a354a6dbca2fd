package io.mlflowchart.harness.scenario;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.cluster.ArgoStyleSync;
import io.mlflowchart.harness.cluster.ClusterImages;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.PodWatch;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.ArgoSyncPlan;
import io.mlflowchart.harness.helm.ChartCommand;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.Release;
import io.mlflowchart.harness.helm.ReleaseChange;
import io.mlflowchart.harness.helm.ReleaseStatus;
import io.mlflowchart.harness.helm.RenderedChart;
import io.mlflowchart.harness.images.MlflowImages;
import io.mlflowchart.harness.images.ResolvedImage;
import io.mlflowchart.harness.services.BackendServers;
import io.mlflowchart.harness.services.PostgresService;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Helm release of the chart in one namespace, as a scenario drives it: installed, upgraded, rolled back, scaled
 * to zero or uninstalled with the scenario's values, after importing the images each change needs. Every change that
 * replaces the server closes the release's {@link MlflowEndpoint} first, and the changes that bring it back wait until
 * it serves again: callers never juggle the endpoint themselves.
 */
public final class ChartRelease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ChartRelease.class);

    static final Duration ROLLOUT_TIMEOUT = Duration.ofMinutes(6);

    /**
     * What every release of one scenario shares: its cluster (the run's, or its own), the PostgreSQL and S3 store of the
     * prod profile, and what the user puts in the Secrets the chart names: a release that takes over another's
     * databases (blue-green, a restore into a fresh namespace) must find the same admin and decrypt what it wrote.
     */
    record Context(
            Scenario scenario,
            SharedEnvironment environment,
            KubernetesCluster cluster,
            BackendServers servers,
            Helm helm,
            ChartSources charts,
            UserSecrets userSecrets,
            MlflowImages images,
            Evidence evidence) {

        Profile profile() {
            return scenario.profile();
        }
    }

    private final Context context;

    private final String namespace;

    private final String name;

    private final Release helmRelease;

    /** Known once the chart was rendered for this release, and with it the endpoint. */
    private ServerLayout layout;

    private MlflowEndpoint endpoint;

    private ProdBackends backends;

    /** The MLflow the release runs now, and the one it ran before the last upgrade (what a rollback returns to). */
    private MlflowImage running;

    private MlflowImage beforeUpgrade;

    /** When the last change that replaces the server began: the pods made since are what it waits on. */
    private Instant replacedAt = Instant.now();

    /** Helm's --timeout for installs and upgrades: a rollout plus the longest the chart's hook Jobs may run. */
    private Duration helmTimeout = ROLLOUT_TIMEOUT;

    /** The images every change imported, kept in the cluster until the scenario ends: a rollback may need any. */
    private final List<ClusterImages.Hold> imageHolds = new CopyOnWriteArrayList<>();

    ChartRelease(Context context, String namespace, String name, MlflowImage running, ProdBackends backends) {
        this.context = context;
        this.namespace = namespace;
        this.name = name;
        this.running = running;
        this.backends = backends;
        this.helmRelease = context.helm().release(name, context.cluster().kubeconfigFile(), namespace);
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** The release as Helm sees it: status, history, {@code helm test}. */
    public Release helm() {
        return helmRelease;
    }

    /** How the harness reaches the release's MLflow; there once the release was installed. */
    public MlflowEndpoint endpoint() {
        layout();
        return endpoint;
    }

    /** The release's server objects, as its chart renders them; there once the release was installed. */
    public ServerLayout layout() {
        if (layout == null) {
            throw new IllegalStateException(
                    "release " + namespace + "/" + name + " is not installed yet: add an install step first");
        }
        return layout;
    }

    public ProdBackends backends() {
        if (backends == null) {
            throw new IllegalStateException("release " + namespace + "/" + name + " has no external backends (profile "
                    + context.profile().yamlName() + ")");
        }
        return backends;
    }

    /** The MLflow the release runs now. */
    public MlflowImage running() {
        return running;
    }

    /** Whether the release runs on the prod profile's external PostgreSQL and S3. */
    public boolean hasBackends() {
        return backends != null;
    }

    KubernetesClient kubernetes() {
        return context.cluster().client();
    }

    /** Creates the namespace (and in prod its database, bucket and Secrets), installs {@code chart} and waits until it serves. */
    public void install(Path chart) {
        prepareNamespace(chart);
        helmInstall(chart);
        endpoint().awaitServing();
    }

    /**
     * Installs {@code chart} as Argo CD would: {@code helm template} output applied by {@link ArgoStyleSync}, so there
     * is no Helm release (no {@code helm status}, {@code test}, {@code rollback}); waits until MLflow serves.
     */
    public void installAsGitOps(Path chart) {
        prepareNamespace(chart);
        argoStyleSync(chart, running);
        endpoint().awaitServing();
    }

    /**
     * Syncs the release to another MLflow (and chart) as Argo CD would, waiting for its hooks and for every wave but
     * the last; what ran before is what it ran before the last upgrade. Throws {@link ArgoStyleSync.SyncFailed} when a
     * hook (the migration Job) failed.
     */
    public void syncTo(MlflowImage target, Path chart) {
        serverReplaced();
        beforeUpgrade = running;
        running = target;
        argoStyleSync(chart, target);
    }

    private void argoStyleSync(Path chart, MlflowImage image) {
        ArgoSyncPlan plan = ArgoSyncPlan.of(importImages(chart, image));
        createUserSecrets();
        LOG.info("[{}] Argo CD-style sync of {} in {}: {}", context.scenario().name(), name, namespace, plan.waves());
        watching("argo-style sync", () -> {
            new ArgoStyleSync(kubernetes(), namespace, ROLLOUT_TIMEOUT).apply(plan);
            return plan;
        });
    }

    private void prepareNamespace(Path chart) {
        kubernetes()
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(namespace)
                        .endMetadata()
                        .build())
                .serverSideApply();
        if (context.profile() == Profile.PROD) {
            backends = ProdBackends.prepare(context.cluster(), context.servers(), kubernetes(), namespace);
            importImages(chart, running);
            // Basic auth keeps its users in a database of its own beside the tracking one: new, like that one.
            layout.auth()
                    .flatMap(ServerAuth::postgresDatabase)
                    .ifPresent(database -> context.servers().postgres().createEmptyDatabase(database));
        }
    }

    /**
     * {@code helm upgrade} to another MLflow (and chart), waiting for the hooks and the rollout but not for MLflow to
     * answer: the upgrade guide checks the release first. What ran before is what a rollback returns to.
     */
    public ReleaseStatus upgrade(MlflowImage target, Path chart) {
        serverReplaced();
        return moveTo(target, chart, helmRelease.upgrade(chart));
    }

    /** A second release {@code otherName} in this namespace, on the same backends, installed with {@code target}. */
    public ChartRelease beside(String otherName, MlflowImage target) {
        ChartRelease other = new ChartRelease(context, namespace, otherName, target, backends);
        other.beforeUpgrade = running;
        return other;
    }

    /** {@code helm install} of a release made by {@link #beside}, waiting for its hooks and rollout. */
    public ReleaseStatus installBeside(Path chart) {
        return helmInstall(chart);
    }

    private ReleaseStatus helmInstall(Path chart) {
        importImages(chart, running);
        createUserSecrets();
        return watching(
                "helm install",
                () -> withValues(helmRelease.install(chart), chart, running)
                        .within(helmTimeout)
                        .apply());
    }

    private ReleaseStatus moveTo(MlflowImage target, Path chart, ReleaseChange change) {
        importImages(chart, target);
        createUserSecrets();
        beforeUpgrade = running;
        running = target;
        return watching(
                "helm upgrade",
                () -> withValues(change, chart, target).within(helmTimeout).apply());
    }

    /**
     * {@code helm rollback} to {@code revision}; the release runs what it ran before the last upgrade even when
     * Helm gives up waiting for it. Does not wait for MLflow to answer: a rollback may leave it unable to.
     */
    public void rollbackTo(int revision, Duration timeout) {
        serverReplaced();
        try {
            watching("helm rollback", () -> {
                helmRelease.rollback(revision, timeout);
                return revision;
            });
        } finally {
            running = beforeUpgrade;
        }
    }

    /**
     * A rollback that something else drives Helm to (the runbook's {@code mlflow-upgrade-rollback}): afterwards the
     * release runs what it ran before the last upgrade.
     */
    public void rolledBackBy(Runnable rollback) {
        try {
            rollback.run();
        } finally {
            running = beforeUpgrade;
        }
    }

    /** {@code kubectl scale --replicas=0} of the server, as the guide does before an upgrade: no more writes. */
    public void stopServer() {
        serverReplaced();
        kubernetes()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(layout().deployment())
                .scale(0);
        Waits.on(
                WaitingOn.KUBERNETES,
                () -> await("server pods of " + name + " to be gone")
                        .atMost(ROLLOUT_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> serverPods().isEmpty()));
    }

    /**
     * {@code kubectl rollout restart} of the server's Deployment: new pods replace the old ones as the Deployment's
     * strategy says (one by one on the prod profile, all at once where the store allows one writer), with the same
     * labels, so the Service and the harness's access to it stay. Returns once the rollout is complete and MLflow
     * answers.
     */
    public void restartServer() {
        replacedAt = Instant.now();
        kubernetes()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(layout().deployment())
                .rolling()
                .restart();
        endpoint().awaitServing();
    }

    /**
     * Runs {@code change}, which replaces the server behind Helm's back (a runbook restore or rollback scales it down
     * and up), and waits until MLflow serves again.
     */
    public <T> T replacingServer(Supplier<T> change) {
        serverReplaced();
        T result = podWatch().during("the change of " + namespace + "/" + name, change);
        endpoint().awaitServing();
        return result;
    }

    /** The labels of the release's MLflow server pods, as the chart sets them. */
    public Map<String, String> serverPodLabels() {
        return layout().podLabels();
    }

    /** The server's pods as they are now, whatever their state. */
    public List<Pod> serverPods() {
        return kubernetes()
                .pods()
                .inNamespace(namespace)
                .withLabels(serverPodLabels())
                .list()
                .getItems();
    }

    /** Uninstalls the release, waiting until its resources are gone. */
    public void uninstall() {
        serverReplaced();
        helmRelease.uninstall(Duration.ofMinutes(3));
    }

    /**
     * Removes the namespace of this name, with its release, that an earlier run left behind (interrupted, held with
     * {@code keep=true}, or on a cluster kept with {@code reuse=true}), so that the scenario starts from nothing.
     */
    void removeLeftovers() {
        if (kubernetes().namespaces().withName(namespace).get() != null) {
            LOG.info(
                    "[{}] removing namespace {}, left by an earlier run",
                    context.scenario().name(),
                    namespace);
            removeWithNamespace();
        }
    }

    /** Uninstalls the release (a failure is logged: the namespace goes anyway) and deletes its namespace, volumes included. */
    public void removeWithNamespace() {
        serverReplaced();
        if (kubernetes().namespaces().withName(namespace).get() == null) {
            return;
        }
        try {
            helmRelease.uninstall(Duration.ofMinutes(3));
        } catch (RuntimeException e) {
            LOG.warn(
                    "[{}] helm uninstall of {} in {} failed: {}",
                    context.scenario().name(),
                    name,
                    namespace,
                    e.getMessage());
        }
        kubernetes().namespaces().withName(namespace).delete();
        Waits.on(
                WaitingOn.KUBERNETES,
                () -> await("namespace " + namespace + " to be deleted")
                        .atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() ->
                                kubernetes().namespaces().withName(namespace).get() == null));
    }

    /**
     * Imports into the cluster the images the chart would run with {@code image}, hooks and tests included, and learns
     * from the same render which objects are the server; returns that render.
     */
    private RenderedChart importImages(Path chart, MlflowImage image) {
        resolved(image).ifPresent(found -> {
            LOG.info("[{}] {}", context.scenario().name(), found);
            context.evidence().note(found.toString());
        });
        RenderedChart rendered = withValues(
                        context.helm().template(chart).named(name).inNamespace(namespace), chart, image)
                .render();
        ServerLayout rendersAs = ServerLayout.of(rendered);
        if (!rendersAs.equals(layout)) {
            serverReplaced();
            layout = rendersAs;
            endpoint = new MlflowEndpoint(
                    context.cluster(),
                    namespace,
                    layout,
                    ROLLOUT_TIMEOUT,
                    layout.auth().map(auth -> context.userSecrets().admin()),
                    this::podWatch);
        }
        helmTimeout = ROLLOUT_TIMEOUT.plus(longestHookDeadline(rendered));
        Set<String> images = images(rendered.objects());
        if (backends != null) {
            // The runbook's pg_dump/pg_restore pods run the PostgreSQL image (PG_IMAGE) in the cluster.
            images.add(PostgresService.IMAGE.value());
        }
        imageHolds.add(
                Waits.on(WaitingOn.KUBERNETES, () -> context.cluster().images().hold(images)));
        return rendered;
    }

    /** The Secrets the chart reads but does not render, as a user creates them before installing. */
    private void createUserSecrets() {
        context.userSecrets().secretsFor(layout).forEach(this::apply);
    }

    private void apply(Secret secret) {
        kubernetes().secrets().inNamespace(namespace).resource(secret).serverSideApply();
    }

    /**
     * How long the chart's hook Jobs may run (their activeDeadlineSeconds): Helm must wait longer than that, as the
     * upgrade guide tells operators, or it gives up on a migration that is still running.
     */
    private static Duration longestHookDeadline(RenderedChart rendered) {
        return rendered.all(Job.class).stream()
                .filter(job -> job.getMetadata().getAnnotations() != null
                        && job.getMetadata().getAnnotations().containsKey("helm.sh/hook"))
                .map(job -> job.getSpec().getActiveDeadlineSeconds())
                .filter(Objects::nonNull)
                .map(Duration::ofSeconds)
                .max(Duration::compareTo)
                .orElse(Duration.ZERO);
    }

    /**
     * Runs a Helm change that waits for the release's pods, watching those pods meanwhile ({@link PodWatch}): one that
     * cannot get its image or keeps crashing stops Helm and fails the change within seconds, naming the pod, its image
     * and why, rather than after Helm's whole timeout with "context deadline exceeded".
     */
    private <T> T watching(String change, Supplier<T> helm) {
        Instant started = Instant.now();
        T result =
                Waits.on(WaitingOn.KUBERNETES, () -> podWatch().during(change + " of " + namespace + "/" + name, helm));
        Waits.reattribute(migrationRunTime(started), WaitingOn.KUBERNETES, WaitingOn.MLFLOW);
        return result;
    }

    /**
     * How long the migration Job's containers ran since {@code since}: the part of a Helm change's (or a sync's) wait
     * that MLflow spent migrating the schema, rather than Kubernetes scheduling and starting the Job's pod. The Job
     * stays after it ran, so its pods still tell.
     */
    private Duration migrationRunTime(Instant since) {
        // Kubernetes keeps container times to the second.
        Instant from = since.truncatedTo(ChronoUnit.SECONDS);
        return layout.migrationJob().stream()
                .flatMap(job ->
                        kubernetes()
                                .pods()
                                .inNamespace(namespace)
                                .withLabel("job-name", job)
                                .list()
                                .getItems()
                                .stream())
                .flatMap(pod ->
                        Objects.requireNonNullElse(pod.getStatus().getContainerStatuses(), List.<ContainerStatus>of())
                                .stream())
                .map(container -> container.getState().getTerminated())
                .filter(ran -> ran != null && ran.getStartedAt() != null && ran.getFinishedAt() != null)
                .filter(ran -> !Instant.parse(ran.getStartedAt()).isBefore(from))
                .map(ran -> Duration.between(Instant.parse(ran.getStartedAt()), Instant.parse(ran.getFinishedAt())))
                .reduce(Duration.ZERO, Duration::plus);
    }

    /** The release's pods from the start of the change that replaces the server last, or since the release was made. */
    private PodWatch podWatch() {
        return new PodWatch(kubernetes(), namespace, replacedAt);
    }

    /** The server is going away: nothing may use the access to the old one. */
    private void serverReplaced() {
        replacedAt = Instant.now();
        if (endpoint != null) {
            endpoint.serverReplaced();
        }
    }

    /**
     * The profile's values files, the backends' connection settings, those of every scenario, the scenario's own values
     * files (which may change any of those), then an MLflow image.
     */
    private <C extends ChartCommand<C>> C withValues(C command, Path chart, MlflowImage image) {
        C configured = command;
        for (Path values : context.charts().profileValues(chart, context.profile())) {
            configured = configured.withValues(values);
        }
        if (backends != null) {
            configured = backends.applyTo(configured);
        }
        for (Path values : context.charts().commonValues()) {
            configured = configured.withValues(values);
        }
        for (Path values : context.scenario().values()) {
            configured = configured.withValues(values);
        }
        String reference = image.image() != null
                ? image.image()
                : resolved(image).map(ResolvedImage::reference).orElse(null);
        if (reference != null) {
            int colon = reference.lastIndexOf(':');
            configured = configured
                    .setString("image.repository", reference.substring(0, colon))
                    .setString("image.tag", reference.substring(colon + 1));
        }
        return configured;
    }

    /**
     * The image of a version given without one: found, pulled or built ({@link MlflowImages}), once per run; none for
     * the chart's default or an image given by reference.
     */
    private Optional<ResolvedImage> resolved(MlflowImage image) {
        return image.image() == null && image.version() != null
                ? Optional.of(context.images().resolve(image.version()))
                : Optional.empty();
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
            } else if (object instanceof CronJob cronJob) {
                spec = cronJob.getSpec()
                        .getJobTemplate()
                        .getSpec()
                        .getTemplate()
                        .getSpec();
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

    /**
     * Lets go of the images the release's changes held in the cluster, which another scenario's import may then make
     * room with. Talks to no cluster: it runs also after a scenario's own cluster is gone.
     */
    public void letGoOfImages() {
        imageHolds.forEach(ClusterImages.Hold::close);
    }

    @Override
    public void close() {
        serverReplaced();
        letGoOfImages();
    }
}
