package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;

/** {@code make mlflow-backup}: a backup set of the database and the artifacts, taken out of the cluster. */
public final class Backup extends StepKind {

    public Backup() {
        super("backup", "dumps the database and copies the artifacts out of the cluster");
    }

    /** Helm or the runbook drives it: it needs a Helm release. */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        Install.whyNoHelmRelease(placement).ifPresent(problems::add);
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        run.backups().take(run.release(), "mlflow-backup");
        return run.expected().current().counts();
    }
}
