package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.mlflowchart.harness.environment.DedicatedBackends;
import io.mlflowchart.harness.mlflow.ArtifactFile;
import io.mlflowchart.harness.mlflow.DataKinds;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.Dataset;
import io.mlflowchart.harness.mlflow.DatasetGenerator;
import io.mlflowchart.harness.mlflow.DatasetSpec;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.MlflowException;
import io.mlflowchart.harness.mlflow.Run;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Stops the scenario's own S3 store (MinIO's server process: connections to its address and port are refused) while
 * MLflow serves, and writes a run with an artifact meanwhile: the run's metadata goes to PostgreSQL, the artifact's
 * upload through MLflow's proxy must fail with a server error (5xx). With the store back, the artifact must be absent
 * or whole, never half-written, and uploading it again must work within {@link #RECOVERY}; the run is then finished
 * and expected as written.
 */
public final class S3Outage extends BackendFault {

    /** One run whose one artifact is 1 MiB and a bit: {@code model/large-weights.bin}, no models. */
    private static final DatasetSpec WRITTEN_DURING = new DatasetSpec(1, 1, 2, 1, 3, 1, 0, 1024 * 1024 + 17, 0, 0, 23);

    public S3Outage() {
        super(
                "s3-outage",
                "stops the scenario's own S3 store while MLflow serves: an artifact upload must fail with a 5xx, then be"
                        + " absent or whole, and work again within " + RECOVERY.toSeconds()
                        + " s once the store is back");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        DedicatedBackends backends = run.dedicatedBackends();
        MlflowClient mlflow = run.mlflow();
        Dataset dataset = DatasetGenerator.generate(WRITTEN_DURING, "s3-outage-", DataKinds.BASE);
        ExperimentSnapshot experiment =
                dataset.expected().experiments().values().iterator().next();
        RunSnapshot written = experiment.runs().values().iterator().next();
        String path = written.artifacts().firstKey();
        byte[] content = dataset.artifactContents().get(experiment.name() + "/" + written.name() + "/" + path);

        backends.objectStoreServer().holdDown();
        long down = System.nanoTime();
        MlflowException refused;
        try {
            dataset.writeTo(mlflow);
            throw new StepFailure("MLflow accepted the upload of " + path + " while its S3 store was down");
        } catch (MlflowException e) {
            refused = e;
        } finally {
            backends.objectStoreServer().release();
        }
        long failedAfter = System.nanoTime() - down;
        if (refused.status() < 500 || !refused.path().contains("mlflow-artifacts")) {
            throw new StepFailure("with the S3 store down, expected the artifact upload to fail with a 5xx, got: "
                    + FaultOutcome.shortened(refused.getMessage()));
        }
        await("the S3 store serves again")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> backends.objectStore().s3().listBuckets() != null);
        long up = System.nanoTime();

        Run created = mlflow.runs(List.of(
                        mlflow.experimentByName(experiment.name()).orElseThrow().experimentId()))
                .get(0);
        String leftAfterFailure = requireAbsentOrWhole(mlflow, created, path, content);
        try {
            await("the upload works again")
                    .atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> {
                        mlflow.uploadArtifact(created, path, content);
                        return true;
                    });
        } catch (ConditionTimeoutException e) {
            throw new StepFailure("the upload of " + path + " still fails " + RECOVERY.toSeconds()
                    + " s after the S3 store came back: "
                    + FaultOutcome.of(() -> {
                        mlflow.uploadArtifact(created, path, content);
                        return null;
                    }));
        }
        long uploaded = System.nanoTime();
        mlflow.updateRun(created.id(), written.status(), written.endTime());
        run.expected().add(dataset.expected());
        run.evidence()
                .note("S3 store down " + FaultOutcome.seconds(up - down) + " s; the upload of " + content.length
                        + " bytes failed after " + FaultOutcome.seconds(failedAfter) + " s with "
                        + FaultOutcome.shortened(refused.getMessage()) + "; afterwards the artifact was "
                        + leftAfterFailure + "; uploaded again " + FaultOutcome.seconds(uploaded - up)
                        + " s after the store was back");
        return run.expected().current().counts();
    }

    /** What the failed upload left of {@code path}: nothing, or the whole file; anything else fails the step. */
    private static String requireAbsentOrWhole(MlflowClient mlflow, Run run, String path, byte[] content) {
        if (mlflow.artifacts(run).stream().map(ArtifactFile::path).noneMatch(path::equals)) {
            return "absent";
        }
        try (InputStream stored = mlflow.openArtifact(run, path)) {
            ArtifactDigest found = ArtifactDigest.of(stored.readAllBytes());
            ArtifactDigest expected = ArtifactDigest.of(content);
            if (!found.equals(expected)) {
                throw new StepFailure("the failed upload left " + path + " half-written: " + found.size()
                        + " bytes (sha256 " + found.sha256() + ") instead of " + expected.size() + " (sha256 "
                        + expected.sha256() + ")");
            }
            return "whole";
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + path + " back", e);
        }
    }
}
