package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.util.Map;

/**
 * {@code restore-db: true}: the guide's rollback, {@code make mlflow-upgrade-rollback} with the pre-upgrade set.
 * Without it, a bare {@code helm rollback} to the previous revision ({@link BareRollback}).
 */
public final class Rollback extends StepKind {

    public Rollback() {
        super(
                "rollback",
                "rolls the release back to its previous revision",
                Param.flag(
                        "restore-db",
                        false,
                        "the guide's rollback (make mlflow-upgrade-rollback): restore the pre-upgrade dump too"),
                Param.choice(
                        "expect",
                        "whether the rollback must succeed, or fail as the guide warns"
                                + " (old server, migrated database; only without restore-db)",
                        "success",
                        "failure"));
    }

    @Override
    public String placement() {
        return "after an upgrade or kill-migration, on a release no destroy removed";
    }

    /** Rolls back an upgrade; the documented rollback must succeed. */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        Install.whyNoHelmRelease(placement).ifPresent(problems::add);
        if (placement.lastOf("upgrade", "kill-migration").isEmpty()) {
            problems.add("needs an upgrade step before it: there is no earlier revision to go back to");
        }
        if (step.flag("restore-db") && expectsFailure(step)) {
            problems.add(
                    "expect",
                    "failure is for a rollback without restore-db; the documented rollback (restore-db: true)"
                            + " must succeed (allowed here: success)");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        if (!step.flag("restore-db")) {
            return new BareRollback(run).run(expectsFailure(step));
        }
        ChartRelease release = run.release();
        release.rolledBackBy(() -> run.backups().restoreLast(release, "mlflow-upgrade-rollback", Map.of()));
        return run.expected().current().counts();
    }

    private static boolean expectsFailure(Step step) {
        return "failure".equals(step.text("expect"));
    }
}
