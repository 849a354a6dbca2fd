package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.Dataset;
import io.mlflowchart.harness.mlflow.DatasetGenerator;
import io.mlflowchart.harness.mlflow.SnapshotAssert;
import io.mlflowchart.harness.services.ObjectStore;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The step kinds the engine can run, each by name. The catalogue says what a scenario may write; this, what runs. */
final class StepActions {

    private static final Map<String, StepAction> ACTIONS = Map.of(
        "install", StepActions::install,
        "load-data", (run, step) -> write(run, DatasetGenerator.generate(run.scenario().dataset())),
        "write", (run, step) -> write(run, DatasetGenerator.generate(step.dataset("dataset"), step.text("prefix"))),
        "verify", StepActions::verify,
        "helm-test", StepActions::helmTest,
        "verify-artifacts-in-bucket", StepActions::verifyArtifactsInBucket,
        "backup", (run, step) -> {
            run.backup();
            return run.expected().counts();
        },
        "destroy", (run, step) -> {
            run.destroy();
            return null;
        },
        "restore", (run, step) -> {
            run.restore("fresh-release".equals(step.text("into")));
            return run.expected().counts();
        });

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
