package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.WorkspaceSnapshot;
import io.mlflowchart.harness.scenario.Profile;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.services.ObjectStore;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every artifact MLflow serves, in every workspace, is an object in the scenario's bucket with the same bytes: none
 * left on pod disk.
 */
public final class VerifyArtifactsInBucket extends StepKind {

    public VerifyArtifactsInBucket() {
        super(
                "verify-artifacts-in-bucket",
                "checks that each artifact is an object in the bucket, with the same SHA-256");
    }

    @Override
    public Set<Profile> profiles() {
        return EnumSet.of(Profile.PROD);
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) throws Exception {
        ObjectStore store = run.servers().objectStore();
        String bucket = run.release().backends().bucket();
        DataSnapshot actual = DataSnapshot.readFrom(run.mlflow());
        Map<String, String> expected = new TreeMap<>();
        putObjects(run.mlflow(), actual, expected);
        for (WorkspaceSnapshot workspace : actual.workspaces().values()) {
            putObjects(run.mlflow().inWorkspace(workspace.name()), workspace.data(), expected);
        }
        Map<String, String> inBucket = new TreeMap<>();
        for (String key : store.listKeys(bucket, "")) {
            if (expected.containsKey(key)) {
                inBucket.put(
                        key, ArtifactDigest.of(store.getObject(bucket, key)).sha256());
            }
        }
        List<String> differences = new ArrayList<>();
        expected.forEach((key, sha256) -> {
            String found = inBucket.get(key);
            if (found == null) {
                differences.add(key + ": not in the bucket");
            } else if (!found.equals(sha256)) {
                differences.add(key + ": sha256 " + found + " in the bucket, MLflow serves " + sha256);
            }
        });
        if (!differences.isEmpty()) {
            throw new StepFailure(differences.size() + " of " + expected.size() + " artifacts are not in bucket "
                    + bucket + " as MLflow serves them:\n  " + String.join("\n  ", differences));
        }
        return actual.counts();
    }

    /** The object key and SHA-256 of each artifact of {@code data}: under its run's root, as the proxy keeps it. */
    private static void putObjects(MlflowClient client, DataSnapshot data, Map<String, String> expected) {
        for (var experiment : data.experiments().values()) {
            for (var runSnapshot : experiment.runs().values()) {
                String root = client.proxiedArtifactRoot(runSnapshot.id());
                runSnapshot.artifacts().forEach((path, digest) -> expected.put(root + "/" + path, digest.sha256()));
            }
        }
    }
}
