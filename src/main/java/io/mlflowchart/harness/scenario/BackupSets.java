package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.ops.Runbook;
import io.mlflowchart.harness.services.PostgresService;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/**
 * The operators' runbook as a scenario runs it, and the backup sets it took. Every target gets the release's
 * namespace and name, the PostgreSQL client image and the last set's {@code TIMESTAMP}; taking a set records what
 * MLflow held then, restoring one makes that the data MLflow must hold.
 */
public final class BackupSets {

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Runbook runbook;

    private final ExpectedData expected;

    private final String scenario;

    private String last;

    BackupSets(Runbook runbook, ExpectedData expected, String scenario) {
        this.runbook = runbook;
        this.expected = expected;
        this.scenario = scenario;
    }

    /**
     * {@code make <target> TIMESTAMP=<new set>}, a target that takes a backup set ({@code mlflow-backup},
     * {@code mlflow-pre-upgrade-check}): what MLflow holds now is what restoring the set brings back.
     */
    public void take(ChartRelease release, String target) {
        String set = TIMESTAMP.format(Instant.now());
        run(release, target, Map.of("TIMESTAMP", set));
        last = set;
        expected.backedUpAs(set);
    }

    /**
     * {@code make <target>} that puts the last set back ({@code mlflow-restore}, {@code mlflow-db-restore},
     * {@code mlflow-upgrade-rollback}), while the release's server is replaced; MLflow serves the set's data after it.
     */
    public void restoreLast(ChartRelease release, String target, Map<String, String> variables) {
        String set = last();
        release.replacingServer(() -> run(release, target, variables));
        expected.restoredFrom(set);
    }

    /** {@code make <target> NAMESPACE= RELEASE= PG_IMAGE= [TIMESTAMP=<last set>] <variables>} on {@code release}. */
    public String run(ChartRelease release, String target, Map<String, String> variables) {
        Map<String, String> all = new TreeMap<>(Map.of("PG_IMAGE", PostgresService.IMAGE.value()));
        if (last != null) {
            all.put("TIMESTAMP", last);
        }
        all.putAll(variables);
        return runbook.run(target, release.namespace(), release.name(), all);
    }

    /** Where the runbook writes and reads the scenario's backup sets ({@code BACKUP_DIR}). */
    public Path directory() {
        return runbook.backupDir();
    }

    /** The timestamp of the last set taken. */
    public String last() {
        if (last == null) {
            throw new IllegalStateException(
                    "scenario " + scenario + " needs a backup set (a backup or upgrade step) before this step");
        }
        return last;
    }

    /** The database part of the last set: {@code db/<set>/mlflow.dump} (PostgreSQL) or {@code mlflow.db} (SQLite). */
    public Path lastDatabaseFile(Profile profile) {
        return runbook.backupDir()
                .resolve("db")
                .resolve(last())
                .resolve(profile == Profile.PROD ? "mlflow.dump" : "mlflow.db");
    }
}
