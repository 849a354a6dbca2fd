package io.mlflowchart.harness.scenario.steps;

import io.fabric8.kubernetes.api.model.Pod;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.ops.BackupDamage;
import io.mlflowchart.harness.ops.BackupDamage.RefusedRestore;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.util.List;
import java.util.TreeMap;

/**
 * A user's mistake with the last backup set (a copy of it, damaged one way, or a wrong {@code FILE=}), then the
 * restore of it, which the runbook must refuse with the damage's reason before it touches the release: the same server
 * pods still serve afterwards. A {@code verify} after it proves the data unchanged.
 */
public final class DamageBackup extends StepKind {

    public DamageBackup() {
        super(
                "damage-backup",
                "damages a copy of the last backup set, then restores it: the runbook must refuse, server untouched",
                Param.requiredChoice(
                        "kind",
                        "truncated (database cut, manifest rewritten to match), wrong-file (FILE= the manifest),"
                                + " tampered (bytes changed), other-release (manifests of another release and namespace),"
                                + " other-gateway-passphrase (taken under another AI Gateway passphrase)",
                        BackupDamage.kinds().toArray(String[]::new)));
    }

    @Override
    public String placement() {
        return "after a backup, on a release no destroy removed";
    }

    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        Install.whyNoHelmRelease(placement).ifPresent(problems::add);
        if (placement.lastOf("backup").isEmpty()) {
            problems.add("needs a backup set to damage: a backup step before it");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        BackupDamage damage = BackupDamage.ofKind(step.text("kind"));
        ChartRelease release = run.release();
        TreeMap<String, String> serversBefore = servers(release);
        RefusedRestore attempt =
                damage.applyTo(run.backups().directory(), run.backups().last());
        String expected = BackupDamage.REFUSING + "... " + damage.refusal();
        try {
            run.backups().run(release, attempt.target(), attempt.variables());
        } catch (IllegalStateException refused) {
            String message = refused.getMessage();
            if (!message.contains(BackupDamage.REFUSING) || !message.contains(damage.refusal())) {
                throw new StepFailure("make " + attempt.target() + " " + attempt.variables() + " of a " + damage.kind()
                        + " backup set failed, but not with the refusal expected\n  expected: " + expected
                        + "\n  actual:   " + message);
            }
            TreeMap<String, String> serversAfter = servers(release);
            if (!serversAfter.equals(serversBefore)) {
                throw new StepFailure("the runbook refused the " + damage.kind() + " set, but after touching the"
                        + " server\n  server pods before: " + serversBefore + "\n  server pods after:  "
                        + serversAfter);
            }
            run.evidence()
                    .note(message.lines()
                            .filter(line -> line.contains(BackupDamage.REFUSING))
                            .findFirst()
                            .orElseThrow());
            return null;
        }
        throw new StepFailure("make " + attempt.target() + " " + attempt.variables() + " of a " + damage.kind()
                + " backup set succeeded\n  expected: " + expected
                + "\n  actual:   no refusal, MLflow now holds the damaged set");
    }

    /** Each server pod's name and its readiness: a refused restore leaves the same pods serving. */
    private static TreeMap<String, String> servers(ChartRelease release) {
        TreeMap<String, String> pods = new TreeMap<>();
        for (Pod pod : release.serverPods()) {
            List<Boolean> ready = pod.getStatus().getContainerStatuses().stream()
                    .map(status -> Boolean.TRUE.equals(status.getReady()))
                    .toList();
            pods.put(
                    pod.getMetadata().getName() + " (uid " + pod.getMetadata().getUid() + ")",
                    ready.contains(false) || ready.isEmpty() ? "not ready" : "ready");
        }
        return pods;
    }
}
