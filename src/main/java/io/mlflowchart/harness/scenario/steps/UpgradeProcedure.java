package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.cluster.ArgoStyleSync;
import io.mlflowchart.harness.helm.HelmException;
import io.mlflowchart.harness.helm.ReleaseStatus;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.process.BlockingCall;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.MlflowImage;
import io.mlflowchart.harness.scenario.ScenarioRun;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The upgrade methods of docs/mlflow-upgrade-guide.md, command for command: the runbook's checks and backups, the
 * scale to zero, {@code helm upgrade} (or, blue-green, a second release on the same database) and the post-upgrade
 * check; or, GitOps, the sync Argo CD would run. Then the data as the new server serves it must equal the data as the
 * old one served it, server-set tags and experiments included: any difference MLflow's migrations introduce fails the
 * upgrade itself.
 */
final class UpgradeProcedure {

    /** How the new version replaces the old, as the guide names them. */
    enum Method {
        STANDARD,
        IN_PLACE,
        BLUE_GREEN,
        GITOPS;

        static Method of(String yamlName) {
            return valueOf(yamlName.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private final ScenarioRun run;

    private final Method method;

    private final MlflowImage target;

    private final Path chart;

    /** Strikes the migration Job while Helm waits for it; null: the upgrade runs undisturbed. */
    private final MigrationKill kill;

    UpgradeProcedure(ScenarioRun run, Method method, MlflowImage target, Path chart) {
        this(run, method, target, chart, null);
    }

    /** With {@code kill}, the migration Job's first pod is killed half-way during {@code helm upgrade}. */
    UpgradeProcedure(ScenarioRun run, Method method, MlflowImage target, Path chart, MigrationKill kill) {
        this.run = run;
        this.method = method;
        this.target = target;
        this.chart = chart;
        this.kill = kill;
    }

    /**
     * Runs the method. Returns normally when the upgrade went through and every check passed; throws
     * {@link MigrationFailed} when Helm refused the change because the migration Job failed, and any other
     * exception for anything else.
     */
    void run() {
        // Read through the old server before anything changes: what the new one must serve, server-set parts included.
        DataSnapshot before = DataSnapshot.readFrom(run.mlflow());
        String fromVersion = run.mlflow().version();
        ChartRelease release = run.release();
        if (method != Method.GITOPS) {
            run.backups().take(release, "mlflow-pre-upgrade-check");
        }
        switch (method) {
            case STANDARD -> {
                release.stopServer();
                run.backups().run(release, "mlflow-db-backup", Map.of());
                migrateOnce(release, () -> release.upgrade(target, chart));
                postUpgradeCheck(release);
            }
            case IN_PLACE -> {
                migrateOnce(release, () -> release.upgrade(target, chart));
                postUpgradeCheck(release);
            }
            case BLUE_GREEN -> {
                // Blue cannot read the database once green's pre-install hook has migrated it: stop it first.
                release.stopServer();
                run.backups().run(release, "mlflow-db-backup", Map.of());
                ChartRelease green = release.beside(run.greenReleaseName(), target);
                migrateOnce(green, () -> green.installBeside(chart));
                postUpgradeCheck(green);
                run.switchTo(green);
            }
            case GITOPS -> syncedOnce(release);
        }
        run.release().endpoint().awaitServing();
        DataSnapshot.readFrom(run.mlflow())
                .requireMatches(
                        before,
                        "MLflow " + run.mlflow().version() + " after the upgrade, against what MLflow " + fromVersion
                                + " served before it");
    }

    /**
     * The change Helm makes, then the proof that its migration Job ran exactly once for the new revision; with a
     * {@link MigrationKill}, that its first pod was killed and its retry migrated.
     */
    private void migrateOnce(ChartRelease release, Supplier<ReleaseStatus> change) {
        ReleaseStatus status;
        try {
            status = kill == null ? change.get() : whileKilling(MigrationJob.of(release), change);
        } catch (HelmException e) {
            MigrationJob job = MigrationJob.of(release);
            if (job.failed(run.kubernetes())) {
                throw new MigrationFailed(job, job.logs(run.kubernetes()), e);
            }
            throw e;
        }
        // Named once the change rendered it: blue-green's green release has no layout before its install.
        MigrationJob job = MigrationJob.of(release);
        if (kill == null) {
            job.requireRanOnceFor(run.kubernetes(), status.revision());
        } else {
            job.requireRetriedOnceFor(run.kubernetes(), status.revision());
        }
    }

    /** Helm's change on a thread of its own while this one strikes the migration, once. */
    private ReleaseStatus whileKilling(MigrationJob job, Supplier<ReleaseStatus> change) {
        AtomicBoolean struck = new AtomicBoolean();
        return BlockingCall.run("helm upgrade", change::get, Duration.ofMillis(100), () -> {
            if (struck.compareAndSet(false, true)) {
                kill.strike(job);
            }
        });
    }

    /**
     * The sync Argo CD would run for the new version, then the proof that it migrated once: a new migration Job (the
     * sync deletes the old one and creates it again), one pod, succeeded. Not the runbook's checks: they read the Helm
     * release, and there is none. What proves the upgrade is the data compared afterwards.
     */
    private void syncedOnce(ChartRelease release) {
        MigrationJob job = MigrationJob.of(release);
        String previous = job.uid(run.kubernetes());
        try {
            release.syncTo(target, chart);
        } catch (ArgoStyleSync.SyncFailed e) {
            if (job.failed(run.kubernetes())) {
                throw new MigrationFailed(job, job.logs(run.kubernetes()), e);
            }
            throw e;
        }
        job.requireRanOnceSince(run.kubernetes(), previous);
    }

    /** {@code make mlflow-post-upgrade-check TIMESTAMP=<pre-upgrade set> [EXPECTED_VERSION=<to-version>]}. */
    private void postUpgradeCheck(ChartRelease release) {
        run.backups().run(release, "mlflow-post-upgrade-check", expectedVersion());
    }

    /** Left out, the check expects the release's appVersion: right when the target is the chart's default. */
    private Map<String, String> expectedVersion() {
        return target.version() == null ? Map.of() : Map.of("EXPECTED_VERSION", target.version());
    }

    /** Helm (or the sync) gave up on the change because the migration hook failed; carries the Job's log. */
    static final class MigrationFailed extends RuntimeException {

        private final transient MigrationJob job;

        private final SortedMap<String, String> logs;

        MigrationFailed(MigrationJob job, SortedMap<String, String> logs, RuntimeException cause) {
            super(
                    "migration Job " + job.name() + " failed, so the upgrade stopped: " + cause.getMessage() + "\n"
                            + String.join("\n", logs.values()),
                    cause);
            this.job = job;
            this.logs = logs;
        }

        MigrationJob job() {
            return job;
        }

        /** Pod name to log. */
        SortedMap<String, String> logs() {
            return logs;
        }
    }
}
