package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.Dataset;
import io.mlflowchart.harness.mlflow.DatasetGenerator;
import io.mlflowchart.harness.mlflow.SnapshotAssert;
import io.mlflowchart.harness.services.ObjectStore;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The step kinds the engine can run, each by name. The catalogue says what a scenario may write; this, what runs. */
final class StepActions {

    private static final Map<String, StepAction> ACTIONS = Map.ofEntries(
        Map.entry("install", StepActions::install),
        Map.entry("load-data", (run, step) -> write(run, DatasetGenerator.generate(run.scenario().dataset()))),
        Map.entry("write", (run, step) -> write(run, DatasetGenerator.generate(step.dataset("dataset"), step.text("prefix")))),
        Map.entry("verify", StepActions::verify),
        Map.entry("helm-test", StepActions::helmTest),
        Map.entry("verify-artifacts-in-bucket", StepActions::verifyArtifactsInBucket),
        Map.entry("backup", (run, step) -> {
            run.backup();
            return run.expected().counts();
        }),
        Map.entry("destroy", (run, step) -> {
            run.destroy();
            return null;
        }),
        Map.entry("restore", (run, step) -> {
            run.restore("fresh-release".equals(step.text("into")), "database".equals(step.text("parts")));
            return run.expected().counts();
        }),
        Map.entry("break-migration", (run, step) -> {
            new BrokenMigration(run.namespace(), run.releaseName()).plant(run.kubernetes());
            return null;
        }),
        Map.entry("upgrade", StepActions::upgrade),
        Map.entry("rollback", StepActions::rollback));

    private StepActions() {
    }

    static Optional<StepAction> find(String kind) {
        return Optional.ofNullable(ACTIONS.get(kind));
    }

    private static DataSnapshot.Counts install(ScenarioRun run, Step step) {
        run.install();
        return null;
    }

    private static DataSnapshot.Counts write(ScenarioRun run, Dataset dataset) {
        dataset.writeTo(run.mlflow());
        run.expectAlso(dataset.expected());
        return run.expected().counts();
    }

    private static DataSnapshot.Counts verify(ScenarioRun run, Step step) {
        DataSnapshot actual = DataSnapshot.readFrom(run.mlflow());
        SnapshotAssert.assertThat(actual).matches(run.expected());
        return actual.counts();
    }

    /**
     * One of the guide's upgrade methods to {@code to-version} (default: the chart's MLflow). With
     * {@code expect: failure} the step passes only when the migration Job failed, and saves that Job's log.
     */
    private static DataSnapshot.Counts upgrade(ScenarioRun run, Step step) {
        UpgradeProcedure.Method method = UpgradeProcedure.Method.of(step.text("method"));
        if (method == UpgradeProcedure.Method.BLUE_GREEN && run.scenario().profile() != Profile.PROD) {
            throw new IllegalArgumentException(at(run, step) + "method: blue-green needs the prod profile: a second dev"
                + " release would get its own, empty SQLite volume (use standard or in-place)");
        }
        MlflowImage target = step.has("to-version") ? MlflowImage.ofVersion(step.text("to-version")) : MlflowImage.chartDefault();
        Path chart = run.chart(step.has("to-chart") ? step.chart("to-chart") : new ChartSource.WorkingTree());
        try {
            new UpgradeProcedure(run, method, target, chart).run();
        } catch (UpgradeProcedure.MigrationFailed failed) {
            if (!expectsFailure(step)) {
                throw failed;
            }
            // Named as Diagnostics names container logs, so the report labels them as the migration Job's.
            failed.logs().forEach((pod, log) -> run.saveEvidence("logs/" + pod + "_migration.log", log));
            run.note("failed as expected: migration Job " + failed.job().name() + " failed in " + failed.logs().size()
                + " pod(s); last error: " + lastError(String.join("\n", failed.logs().values())));
            return null;
        }
        if (expectsFailure(step)) {
            throw new AssertionError(at(run, step) + "the upgrade succeeded, but the scenario expects it to fail");
        }
        return null;
    }

    /**
     * {@code restore-db: true}: the guide's rollback, {@code make mlflow-upgrade-rollback} with the pre-upgrade set.
     * Without it, a bare {@code helm rollback} to the previous revision; {@code expect: failure} then passes only
     * when the old server refuses the migrated schema, the failure the guide warns about.
     */
    private static DataSnapshot.Counts rollback(ScenarioRun run, Step step) {
        if (step.flag("restore-db")) {
            if (expectsFailure(step)) {
                throw new IllegalArgumentException(at(run, step) + "expect: failure is for a rollback without restore-db;"
                    + " the documented rollback (restore-db: true) must succeed");
            }
            run.serverReplaced();
            run.runbook("mlflow-upgrade-rollback");
            run.rolledBack();
            run.restoredLastBackup();
            return run.expected().counts();
        }
        return new BareRollback(run).run(expectsFailure(step), () -> at(run, step));
    }

    private static boolean expectsFailure(Step step) {
        return "failure".equals(step.text("expect"));
    }

    /** {@code file:line: step: } for messages about a step as written. */
    private static String at(ScenarioRun run, Step step) {
        return run.scenario().file() + ":" + step.line() + ": " + step.name() + ": ";
    }

    /** The last line of a log that names an error: in a Python traceback, the exception that ended it. */
    private static String lastError(String log) {
        List<String> errors = log.lines().filter(line -> line.contains("Error") || line.contains("Exception")).toList();
        return errors.isEmpty() ? "(no error line in the log)" : errors.get(errors.size() - 1).strip();
    }

    private static DataSnapshot.Counts helmTest(ScenarioRun run, Step step) {
        run.release().test(Duration.ofMinutes(5));
        return null;
    }

    /** Every artifact MLflow serves is an object in the scenario's bucket with the same bytes: none on pod disk. */
    private static DataSnapshot.Counts verifyArtifactsInBucket(ScenarioRun run, Step step) throws Exception {
        ObjectStore store = run.environment().objectStore();
        String bucket = run.backends().bucket();
        DataSnapshot actual = DataSnapshot.readFrom(run.mlflow());
        Map<String, String> expected = new TreeMap<>();
        for (var experiment : actual.experiments().values()) {
            for (var runSnapshot : experiment.runs().values()) {
                runSnapshot.artifacts().forEach((path, digest) -> expected.put(
                    experiment.id() + "/" + runSnapshot.id() + "/artifacts/" + path, digest.sha256()));
            }
        }
        Map<String, String> inBucket = new TreeMap<>();
        for (String key : store.listKeys(bucket, "")) {
            if (expected.containsKey(key)) {
                inBucket.put(key, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(store.getObject(bucket, key))));
            }
        }
        assertThat(inBucket).as("artifacts in bucket %s (key -> sha256)", bucket).isEqualTo(expected);
        return actual.counts();
    }
}
