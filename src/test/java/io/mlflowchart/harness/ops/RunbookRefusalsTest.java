package io.mlflowchart.harness.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks a restore makes before it touches a cluster, run as the runbook runs them (its functions, sourced from
 * mlflow-ops.sh, and mlflow_ops.py's content check) on real backup sets: a SQLite database, JSON files and a tar made
 * here, manifests written by the runbook itself. Only the release the runbook would read from the cluster is given
 * (release mlflow in namespace team, SQLite, no basic auth, on cluster uid-1), and kubectl does nothing.
 */
class RunbookRefusalsTest {

    private static final Path SCRIPTS = Path.of("make/ops/scripts").toAbsolutePath();

    private static final String REVISION = "dc11669786a5";

    /** What discover() reads from the release and kube_identity() from kubectl, for the release restored into. */
    private static final String THIS_RELEASE = String.join(
            "\n",
            "kubectl() { :; }",
            "NAMESPACE=team RELEASE=mlflow DEPLOY=mlflow BACKEND=sqlite AUTH=off PROFILE=dev ARTIFACTS=pvc",
            "BACKEND_URI=sqlite:////mlflow/db/mlflow.db",
            "CHART=mlflow-0.1.0 APP_VERSION=3.17.2 IMAGE=ghcr.io/mlflow/mlflow:v3.17.2-full REVISION=1",
            "CLUSTER_ID=uid-1 CLUSTER_SERVER=https://127.0.0.1:6443 KUBE_CONTEXT=default");

    @TempDir
    Path backups;

    @BeforeEach
    void takeSetT1() throws Exception {
        Path db = Files.createDirectories(backups.resolve("db/T1"));
        python(
                String.join(
                        "\n",
                        "import sqlite3, sys",
                        "c = sqlite3.connect(sys.argv[1])",
                        "c.execute('CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)')",
                        "c.execute(\"INSERT INTO alembic_version VALUES ('" + REVISION + "')\")",
                        "c.execute('CREATE TABLE experiments (experiment_id INTEGER PRIMARY KEY, name TEXT)')",
                        "c.executemany('INSERT INTO experiments (name) VALUES (?)', [('e%d' % i,) for i in range(2000)])",
                        "c.commit()"),
                db.resolve("mlflow.db").toString());
        Path experiments = Files.createDirectories(backups.resolve("experiments/T1"));
        Files.writeString(experiments.resolve("experiments.json"), "{\"experiments\": []}\n");
        Path artifacts = Files.createDirectories(backups.resolve("artifacts/T1"));
        Files.writeString(artifacts.resolve("metrics.txt"), "loss 0.1\n");
        command(List.of("tar", "-cf", "artifacts.tar", "metrics.txt"), artifacts);
        Files.delete(artifacts.resolve("metrics.txt"));
        runbook("write_manifest db/T1 T1 db null 3.17.2 " + REVISION + " null\n"
                + "write_manifest experiments/T1 T1 experiments null 3.17.2 " + REVISION + "\n"
                + "write_manifest artifacts/T1 T1 artifacts null 3.17.2 null");
    }

    @Test
    void acceptsTheSetThisReleaseTook() throws Exception {
        assertThat(runbook("check_restorable db/T1/mlflow.db")).contains("set origin ok: mlflow in team");
        assertThat(checkSqlite("db/T1/mlflow.db", REVISION))
                .isEqualTo("SQLite integrity ok, 2 tables, schema revision " + REVISION + "\n");
    }

    @Test
    void refusesTheManifestAsFile() {
        String file = restoredFile(BackupDamage.WRONG_FILE.applyTo(backups, "T1"));

        assertThat(refusal("check_restorable " + file))
                .contains(BackupDamage.REFUSING + "FILE=" + file + " " + BackupDamage.WRONG_FILE.refusal()
                        + " of its set: " + file + " names mlflow.db as the database (FILE="
                        + backups.resolve("db/T1/mlflow.db") + ")");
    }

    @Test
    void refusesAnotherPartAsFileAndTheContentCheckRefusesATar() throws Exception {
        assertThat(refusal("check_restorable artifacts/T1/artifacts.tar"))
                .contains(BackupDamage.REFUSING + "FILE=artifacts/T1/artifacts.tar is not the database part of a set:"
                        + " it belongs to part 'artifacts' (artifacts/T1/manifest.json)");
        assertThat(checkSqliteRefusal("artifacts/T1/artifacts.tar", ""))
                .isEqualTo("not a sound SQLite database: file is not a database");
    }

    @Test
    void refusesATamperedSetByItsChecksum() {
        String file = restoredFile(BackupDamage.TAMPERED.applyTo(backups, "T1"));

        assertThat(refusal("check_restorable " + file))
                .contains(BackupDamage.REFUSING + "backup set corrupt: part 'db': mlflow.db "
                        + BackupDamage.TAMPERED.refusal() + " (manifest ");
    }

    /** Its manifest matches the cut file: only the content check, which the restore runs in a helper pod, refuses it. */
    @Test
    void refusesATruncatedSetByItsContent() throws Exception {
        String file = restoredFile(BackupDamage.TRUNCATED.applyTo(backups, "T1"));

        assertThat(runbook("check_restorable " + file)).contains("part db ok: 1 file(s)");
        assertThat(checkSqliteRefusal(file, REVISION)).startsWith("not a sound SQLite database: ");
    }

    @Test
    void refusesASetOfAnotherReleaseNamingTheVariablesThatAllowIt() {
        String file = restoredFile(BackupDamage.OTHER_RELEASE.applyTo(backups, "T1"));

        assertThat(refusal("check_restorable " + file))
                .contains(BackupDamage.REFUSING + "the set was taken elsewhere: release 'mlflow-other', this is"
                        + " 'mlflow' (" + BackupDamage.OTHER_RELEASE.refusal() + "); namespace 'team-other', this is"
                        + " 'team' (ALLOW_OTHER_NAMESPACE=1). Set the variable named to restore it here on purpose");
        assertThat(refusal("ALLOW_OTHER_RELEASE=1; check_restorable " + file))
                .contains("namespace 'team-other', this is 'team' (ALLOW_OTHER_NAMESPACE=1)")
                .doesNotContain("release 'mlflow-other'");
    }

    @Test
    void restoresASetOfAnotherReleaseOnPurpose() throws Exception {
        String file = restoredFile(BackupDamage.OTHER_RELEASE.applyTo(backups, "T1"));

        assertThat(runbook("ALLOW_OTHER_RELEASE=1 ALLOW_OTHER_NAMESPACE=1; check_restorable " + file))
                .contains("set origin ok: mlflow-other in team-other");
    }

    @Test
    void refusesASetOfAnotherCluster() {
        assertThat(refusal("CLUSTER_ID=uid-2; check_restorable db/T1/mlflow.db"))
                .contains("cluster with kube-system uid uid-1, this one has uid-2 (ALLOW_OTHER_CLUSTER=1)");
        assertThat(refusal("CLUSTER_ID=''; CLUSTER_SERVER=https://other:6443; check_restorable db/T1/mlflow.db"))
                .contains("cluster https://127.0.0.1:6443, this is https://other:6443 (ALLOW_OTHER_CLUSTER=1)");
    }

    /** Sets taken before manifests named their cluster and database file (format 1) still restore. */
    @Test
    void readsAFormat1Manifest() throws Exception {
        Path manifest = backups.resolve("db/T1/manifest.json");
        List<String> format1 = new ArrayList<>();
        for (String line : Files.readAllLines(manifest)) {
            if (!line.matches(" {2}\"(cluster_id|cluster_server|kube_context|database|auth_database)\": .*")) {
                format1.add(line.replace("\"format\": 2", "\"format\": 1"));
            }
        }
        Files.write(manifest, format1);

        assertThat(runbook("check_restorable db/T1/mlflow.db"))
                .contains(
                        "db/T1/manifest.json records no cluster (a format 1 set): the cluster it came from is not checked")
                .contains("set origin ok: mlflow in team");
        assertThat(refusal("check_restorable db/T1/manifest.json"))
                .contains("names mlflow.db as the database (FILE=db/T1/mlflow.db)");
    }

    @Test
    void contentCheckRefusesASqliteDatabaseThatIsNotMlflowsOrNotTheManifestsRevision() throws Exception {
        python(
                "import sqlite3, sys\nsqlite3.connect(sys.argv[1]).execute('CREATE TABLE notes (t TEXT)')",
                backups.resolve("other.db").toString());

        assertThat(checkSqliteRefusal("other.db", ""))
                .isEqualTo("a SQLite database, but not MLflow's: no alembic_version table (tables: notes)");
        assertThat(checkSqliteRefusal("db/T1/mlflow.db", "acf3f17fdcc7"))
                .isEqualTo("schema revision " + REVISION + ", but its manifest says acf3f17fdcc7");
    }

    @Test
    void aBackupNeverOverwritesASet() throws Exception {
        assertThat(refusal("require_new_set T1"))
                .contains(BackupDamage.REFUSING + "backup set T1 exists (./experiments/T1): a backup never overwrites"
                        + " a set; pick another TIMESTAMP=");

        String kept = runbook("new_part db T1 >/dev/null");

        assertThat(kept).containsPattern("part db of set T1 existed: kept as \\./db/T1\\.replaced-\\d{8}T\\d{6}Z");
        try (var parts = Files.list(backups.resolve("db"))) {
            Path aside = parts.filter(p -> p.getFileName().toString().startsWith("T1.replaced-"))
                    .findFirst()
                    .orElseThrow();
            assertThat(aside.resolve("mlflow.db")).exists();
        }
        assertThat(backups.resolve("db/T1")).isEmptyDirectory();
    }

    @Test
    void backupFilesAreReadableByTheirOwnerOnly() throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backups.resolve("db/T1/manifest.json"))))
                .isEqualTo("rw-------");
    }

    /**
     * A restore that fails with the server at 0 and no database replaced scales it back itself; the exit trap deletes
     * every helper pod of the run by its label. kubectl only records what it is asked.
     */
    @Test
    void aFailedRestoreScalesTheServerBackAndRemovesItsHelperPods() throws Exception {
        String output = refusal("kubectl() { echo \"kubectl $*\" >> kubectl.calls; }\n"
                + "SCALED_DOWN=1 REPLICAS_BEFORE=2 SAFETY_SET=S1 ON_FAILURE=after_failed_restore\n"
                + "die 'pg_restore failed'");

        assertThat(output).contains("failed before any database was replaced: scaling deploy/mlflow back to 2");
        assertThat(Files.readString(backups.resolve("kubectl.calls")))
                .contains("kubectl --namespace team scale deploy mlflow --replicas=2")
                .contains("kubectl --namespace team rollout status deploy mlflow")
                .containsPattern("kubectl --namespace team delete pod -l mlflow-ops/run=\\d{6}-\\d+-\\d+ ");
    }

    @Test
    void aRestoreFailingAfterReplacingTheDatabaseSaysHowToGetBack() throws Exception {
        String output = refusal("kubectl() { echo \"kubectl $*\" >> kubectl.calls; }\n"
                + "SCALED_DOWN=1 REPLICAS_BEFORE=2 SAFETY_SET=S1 DB_REPLACED=' tracking' ON_FAILURE=after_failed_restore\n"
                + "die 'auth db restore did not take'");

        assertThat(output)
                .contains("failed after replacing the database(s) tracking with deploy/mlflow at 0. Run the same target"
                        + " again once the cause is fixed, or put back what was there: make -f make/ops/mlflow.mk"
                        + " NAMESPACE=team RELEASE=mlflow BACKUP_DIR=. mlflow-db-restore FILE=./db/S1/mlflow.db (either"
                        + " scales the server back to 2)");
        assertThat(Files.readString(backups.resolve("kubectl.calls")))
                .doesNotContain("scale deploy")
                .contains("delete pod -l mlflow-ops/run=");
    }

    /**
     * A cluster whose release reads its webhook key from Secret mlflow-webhooks, holding {@code key}, created by
     * release {@code owner} (empty: the user's); kubectl's other calls are written to kubectl.calls.
     */
    private static String webhookKeyIn(String key, String owner) {
        return String.join(
                "\n",
                "kubectl() {",
                "  case \"$*\" in",
                "    *'get secret mlflow-webhooks -o jsonpath={.data.encryption-key}') printf '%s' '" + key
                        + "' | base64 ;;",
                "    *'get secret mlflow-webhooks -o jsonpath='*release-name*) printf '%s' '" + owner + "' ;;",
                "    *) echo \"kubectl $*\" >> kubectl.calls ;;",
                "  esac",
                "}",
                "WEBHOOK_KEY_SECRET=mlflow-webhooks WEBHOOK_KEY_NAME=encryption-key");
    }

    @Test
    void keepsTheWebhookKeyWithTheDatabaseReadableByItsOwnerOnly() throws Exception {
        Path part = Files.createDirectories(backups.resolve("db/T2"));

        runbook(webhookKeyIn("release-key", "mlflow") + "\nsave_webhook_key db/T2");

        assertThat(part.resolve("webhook-key")).hasContent("release-key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(part.resolve("webhook-key"))))
                .isEqualTo("rw-------");
    }

    @Test
    void restoresASetWhoseWebhookKeyIsTheReleasesAsItIs() throws Exception {
        Files.writeString(backups.resolve("db/T1/webhook-key"), "release-key");

        String output = runbook(webhookKeyIn("release-key", "")
                + "\ncheck_webhook_key db/T1; restore_webhook_key; touch kubectl.calls");

        assertThat(output).contains("webhook key: the set's is the one Secret mlflow-webhooks holds");
        assertThat(Files.readString(backups.resolve("kubectl.calls"))).doesNotContain("patch secret");
    }

    @Test
    void givesTheChartsOwnSecretTheSetsWebhookKey() throws Exception {
        Files.writeString(backups.resolve("db/T1/webhook-key"), "set-key");

        String output = runbook(webhookKeyIn("drawn-key", "mlflow") + "\ncheck_webhook_key db/T1; restore_webhook_key");

        assertThat(output).contains("the restore puts the set's there");
        assertThat(Files.readString(backups.resolve("kubectl.calls")))
                .contains("kubectl --namespace team patch secret mlflow-webhooks --type merge -p "
                        + "{\"data\":{\"encryption-key\":\"c2V0LWtleQ==\"}}");
    }

    @Test
    void refusesASetWhoseWebhookKeyTheUsersSecretDoesNotHold() throws Exception {
        Files.writeString(backups.resolve("db/T1/webhook-key"), "set-key");

        assertThat(refusal(webhookKeyIn("users-key", "") + "\ncheck_webhook_key db/T1"))
                .contains(BackupDamage.REFUSING + "the set's webhook key (db/T1/webhook-key) is not the one Secret"
                        + " mlflow-webhooks holds")
                .contains(
                        "kubectl -n team create secret generic mlflow-webhooks"
                                + " --from-file=encryption-key=db/T1/webhook-key --dry-run=client -o yaml | kubectl apply -f -");
        assertThat(runbook("ALLOW_OTHER_WEBHOOK_KEY=1\n" + webhookKeyIn("users-key", "") + "\ncheck_webhook_key db/T1"))
                .contains("webhooks with a secret will not list");
    }

    /**
     * A cluster whose release's server reads its gateway passphrase and KEK version from Secret {@code secret} (empty:
     * it sets neither), holding {@code version} and {@code passphrase}, its database {@code providerKeys}; the pod
     * MLflow would derive the key in is played by a digest of what it is given, which it keeps in pod.stdin.
     */
    private static String gatewayPassphraseIn(String secret, String version, String passphrase, int providerKeys) {
        return String.join(
                "\n",
                "kubectl() {",
                "  case \"$*\" in",
                "    *'\"MLFLOW_CRYPTO_KEK_PASSPHRASE\")].valueFrom.secretKeyRef.name}') printf '" + secret + "' ;;",
                "    *'\"MLFLOW_CRYPTO_KEK_PASSPHRASE\")].valueFrom.secretKeyRef.key}') printf kek-passphrase ;;",
                "    *'\"MLFLOW_CRYPTO_KEK_VERSION\")].valueFrom.secretKeyRef.name}') printf '" + secret + "' ;;",
                "    *'\"MLFLOW_CRYPTO_KEK_VERSION\")].valueFrom.secretKeyRef.key}') printf kek-version ;;",
                "    *'get secret " + secret + " -o jsonpath={.data.kek-passphrase}') printf '" + passphrase
                        + "' | base64 ;;",
                "    *'get secret " + secret + " -o jsonpath={.data.kek-version}') printf '" + version
                        + "' | base64 ;;",
                "  esac",
                "}",
                "pod() {",
                "  case $1 in",
                "    provider-keys) echo " + providerKeys + " ;;",
                "    kek-fingerprint)",
                "      local input; input=$(cat; echo .); input=${input%.}; printf '%s' \"$input\" > pod.stdin",
                "      local version=${input%%$'\\n'*}",
                "      echo \"${version:-1} $(printf '%s' \"$input\" | sha256sum | cut -c1-16)\" ;;",
                "  esac",
                "}",
                "in_helper() { shift 3; pod \"$@\"; }",
                "mlflow_python() { pod \"$@\"; }");
    }

    @Test
    void keepsAFingerprintOfTheGatewayKeyTheDatabasesProviderKeysAreWrappedUnder() throws Exception {
        Path part = Files.createDirectories(backups.resolve("db/T2"));

        String output =
                runbook(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase\n", 2) + "\nsave_gateway_kek db/T2");

        assertThat(Files.readString(backups.resolve("pod.stdin")))
                .as("the version, then the passphrase to its last byte")
                .isEqualTo("2\npass phrase\n");
        assertThat(Files.readString(part.resolve("gateway-kek"))).matches("2 [0-9a-f]{16}\n");
        assertThat(output)
                .contains("gateway: the database holds 2 provider keys, wrapped under KEK version 2 of Secret"
                        + " mlflow-gateway (key kek-passphrase); the set keeps that key's fingerprint");
    }

    @Test
    void keepsNoFingerprintWhenTheDatabaseHoldsNoProviderKey() throws Exception {
        Path part = Files.createDirectories(backups.resolve("db/T2"));

        runbook(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase", 0) + "\nsave_gateway_kek db/T2");

        assertThat(part.resolve("gateway-kek")).doesNotExist();
        assertThat(runbook(gatewayPassphraseIn("mlflow-gateway", "1", "other", 2) + "\ncheck_gateway_kek db/T2"))
                .as("nor does a restore of that set ask")
                .doesNotContain("gateway");
    }

    @Test
    void restoresASetWhoseProviderKeysTheReleasesPassphraseUnwraps() throws Exception {
        runbook(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase", 2) + "\nsave_gateway_kek db/T1");

        assertThat(runbook(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase", 2) + "\ncheck_gateway_kek db/T1"))
                .contains("gateway: the release's passphrase unwraps the set's provider keys (KEK version 2)");
    }

    @Test
    void refusesASetWhoseProviderKeysAnotherPassphraseOrVersionWraps() throws Exception {
        runbook(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase", 2) + "\nsave_gateway_kek db/T1");

        assertThat(refusal(gatewayPassphraseIn("mlflow-gateway", "2", "another", 2) + "\ncheck_gateway_kek db/T1"))
                .contains(BackupDamage.REFUSING + "the set's AI Gateway provider keys are wrapped under KEK version 2"
                        + " of a passphrase the release's server does not get: it gets KEK version 2 of Secret"
                        + " mlflow-gateway (key kek-passphrase). Every call of a restored endpoint would fail")
                .contains("or ALLOW_OTHER_GATEWAY_PASSPHRASE=1");
        assertThat(refusal(gatewayPassphraseIn("mlflow-gateway", "3", "pass phrase", 2) + "\ncheck_gateway_kek db/T1"))
                .contains("it gets KEK version 3 of Secret mlflow-gateway");
        assertThat(refusal(gatewayPassphraseIn("", "", "", 2) + "\ncheck_gateway_kek db/T1"))
                .contains("it gets KEK version 1 of MLflow's built-in passphrase (deploy/mlflow sets no"
                        + " MLFLOW_CRYPTO_KEK_PASSPHRASE)");
        assertThat(runbook("ALLOW_OTHER_GATEWAY_PASSPHRASE=1\n"
                        + gatewayPassphraseIn("mlflow-gateway", "2", "another", 2) + "\ncheck_gateway_kek db/T1"))
                .contains("every call of a restored endpoint will fail until its key is entered again");
    }

    @Test
    void refusesASetTakenUnderAnotherGatewayPassphraseThoughItsChecksumsPass() throws Exception {
        assertThatThrownBy(() -> BackupDamage.OTHER_GATEWAY_PASSPHRASE.applyTo(backups, "T1"))
                .hasMessageContaining("set T1 has no gateway-kek: its database held no AI Gateway provider key");
        runbook(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase", 2) + "\nsave_gateway_kek db/T1\n"
                + "write_manifest db/T1 T1 db null 3.17.2 " + REVISION + " null");

        String copy = BackupDamage.OTHER_GATEWAY_PASSPHRASE
                .applyTo(backups, "T1")
                .variables()
                .get("TIMESTAMP");

        assertThat(refusal(gatewayPassphraseIn("mlflow-gateway", "2", "pass phrase", 2) + "\nverify_part db db/" + copy
                        + "; check_restorable db/" + copy + "/mlflow.db; check_gateway_kek db/" + copy))
                .contains("set origin ok")
                .contains(BackupDamage.REFUSING + "the set's AI Gateway provider keys are wrapped under KEK version 2"
                        + " of a passphrase the release's server does not get: it gets KEK version 2 of Secret"
                        + " mlflow-gateway")
                .contains(BackupDamage.OTHER_GATEWAY_PASSPHRASE.refusal());
    }

    /** The database file a refused restore named: FILE=, or that of the set TIMESTAMP=. */
    private static String restoredFile(BackupDamage.RefusedRestore restore) {
        Map<String, String> variables = restore.variables();
        String file = variables.containsKey("FILE")
                ? variables.get("FILE")
                : "db/" + variables.get("TIMESTAMP") + "/mlflow.db";
        return file;
    }

    /**
     * An upgrade past 3.8 of a database holding 3.8.x's scorer_job bindings, which no later release reads; the count
     * is given as the database would answer it (mlflow_ops.py's query runs on k3s, in the release tier's 3.8.1 pairs).
     */
    @Test
    void refusesAnUpgradePast38OfADatabaseHoldingScorerJobBindingsAndSaysHowToGoOn() throws Exception {
        String bindings = "mlflow_python() { [[ $1 == scorer-job-bindings ]] && echo 2; }\n";

        assertThat(refusal(bindings + "check_scorer_job_bindings"))
                .contains("refusing: the database holds 2 AI Gateway endpoint binding(s) of resource type scorer_job")
                .contains("DELETE FROM endpoint_bindings WHERE resource_type = 'scorer_job'")
                .contains("EXPECTED_VERSION=<3.8.x>");
        assertThat(refusal(bindings + "EXPECTED_VERSION=3.9.0 check_scorer_job_bindings"))
                .contains("refusing: the database holds 2");
        assertThat(runbook(bindings + "EXPECTED_VERSION=3.8.1 check_scorer_job_bindings"))
                .contains("which MLflow 3.8.1 still reads");
        assertThat(runbook("mlflow_python() { echo 0; }\ncheck_scorer_job_bindings"))
                .doesNotContain("scorer_job");
    }

    /** The functions of mlflow-ops.sh, sourced, after THIS_RELEASE, run in the backup directory; stderr returned. */
    private String runbook(String script) throws Exception {
        Path log = Files.createTempFile(backups.getParent(), "runbook-", ".log");
        new ExternalCommand(
                        List.of(
                                "bash",
                                "-c",
                                "BACKUP_DIR=.; source " + SCRIPTS.resolve("mlflow-ops.sh") + "\n" + THIS_RELEASE + "\n"
                                        + script),
                        Duration.ofMinutes(1))
                .in(backups)
                .runInto(log);
        return Files.readString(log);
    }

    private String refusal(String script) {
        try {
            String output = runbook(script);
            throw new AssertionError("expected a refusal from `" + script + "`, but it passed:\n" + output);
        } catch (ExternalCommandException e) {
            return e.output();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String checkSqlite(String file, String revision) throws Exception {
        return new ExternalCommand(
                        List.of("python3", SCRIPTS.resolve("mlflow_ops.py").toString(), "check-sqlite", file, revision),
                        Duration.ofMinutes(1))
                .in(backups)
                .run();
    }

    private String checkSqliteRefusal(String file, String revision) {
        try {
            String output = checkSqlite(file, revision);
            throw new AssertionError("expected check-sqlite to refuse " + file + ", but it passed: " + output);
        } catch (ExternalCommandException e) {
            return e.output().strip();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void python(String program, String argument) throws Exception {
        command(List.of("python3", "-c", program, argument), backups);
    }

    private static void command(List<String> command, Path directory) throws IOException, InterruptedException {
        new ExternalCommand(command, Duration.ofMinutes(1)).in(directory).run();
    }
}
