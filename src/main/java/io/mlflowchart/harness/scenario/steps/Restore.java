package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.BackupSets;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code make mlflow-restore} of the last backup set, or {@code make mlflow-db-restore} of its database part, into
 * a new release in a new namespace (after a disaster) or into the running one. Data written after that set is gone.
 */
public final class Restore extends StepKind {

    public Restore() {
        super(
                "restore",
                "puts the last backup set back (make mlflow-restore, or mlflow-db-restore)",
                Param.requiredChoice(
                        "into",
                        "a new release in a new namespace, or the running one",
                        "fresh-release",
                        "same-release"),
                Param.choice("parts", "the database and the artifacts, or the database only", "all", "database"));
    }

    @Override
    public String placement() {
        return "after a backup or upgrade (its set); `same-release` also on a release no destroy removed";
    }

    /** Needs a set to restore, and a release to restore into unless it makes a fresh one. */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        Install.whyNoHelmRelease(placement).ifPresent(problems::add);
        if (placement.lastOf("backup", "upgrade").isEmpty()) {
            problems.add("needs a backup set: a backup or upgrade step before it");
        }
        if (freshRelease(step)) {
            if (placement.lastOf("install").isEmpty()) {
                problems.add("needs an install step before it");
            }
        } else {
            placement.whyNoRelease().ifPresent(why -> problems.add("into", "same-release: " + why));
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        ChartRelease release = run.release();
        if (freshRelease(step)) {
            release = run.freshRelease();
            release.install(run.chart());
        }
        BackupSets backups = run.backups();
        // The set names the namespace it came from; disaster recovery into a new one says so, as the guide tells users.
        Map<String, String> variables = new TreeMap<>();
        if (freshRelease(step)) {
            variables.put("ALLOW_OTHER_NAMESPACE", "1");
        }
        if ("database".equals(step.text("parts"))) {
            variables.put(
                    "FILE", backups.lastDatabaseFile(run.scenario().profile()).toString());
            backups.restoreLast(release, "mlflow-db-restore", variables);
        } else {
            backups.restoreLast(release, "mlflow-restore", variables);
        }
        return run.expected().current().counts();
    }

    private static boolean freshRelease(Step step) {
        return "fresh-release".equals(step.text("into"));
    }
}
