package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ChartSource;
import io.mlflowchart.harness.scenario.MlflowImage;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;

/**
 * The upgrade guide's method 1 (standard) to the chart's default MLflow, during which the migration Job's pod is
 * SIGKILLed half-way ({@link MigrationKill}); Kubernetes retries the Job once ({@code migration.backoffLimit: 1}).
 * {@code expect} states what the upgrade guide documents for the backend, and the step passes only when that happens:
 * {@code retry-migrates} (PostgreSQL: the killed migration's one transaction is rolled back, the retry migrates from
 * the start, helm upgrade succeeds, the post-upgrade check and the data comparison pass) or {@code upgrade-fails}
 * (SQLite: each statement committed on its own, so the retry stops on what the killed one half-did, helm upgrade
 * fails; the Job's logs go to the report, and the guide's recovery, a {@code rollback} with {@code restore-db: true}
 * then the upgrade again, follows as steps of the scenario).
 */
public final class KillMigration extends StepKind {

    static final String UPGRADE_FAILS = "upgrade-fails";

    public KillMigration() {
        super(
                "kill-migration",
                "upgrades to the chart's default MLflow (method standard) and SIGKILLs the migration Job's pod half-way;"
                        + " Kubernetes retries it once",
                Param.requiredChoice(
                        "expect",
                        "what the guide documents: the Job's retry migrates (PostgreSQL), or the upgrade fails and"
                                + " the guide's rollback follows (SQLite)",
                        "retry-migrates",
                        UPGRADE_FAILS));
    }

    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        Install.whyNoHelmRelease(placement).ifPresent(problems::add);
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        MigrationKill kill = new MigrationKill(run.kubernetes(), run.cluster().containerKill());
        boolean expectFailure = UPGRADE_FAILS.equals(step.text("expect"));
        try {
            new UpgradeProcedure(
                            run,
                            UpgradeProcedure.Method.STANDARD,
                            MlflowImage.chartDefault(),
                            run.charts().resolve(new ChartSource.WorkingTree()),
                            kill)
                    .run();
        } catch (UpgradeProcedure.MigrationFailed failed) {
            if (!expectFailure) {
                throw new StepFailure(kill.what() + "; the retry failed too, but the scenario expects it to migrate: "
                        + failed.getMessage());
            }
            failed.logs().forEach((pod, log) -> run.evidence().save("logs/" + pod + "_migration.log", log));
            run.evidence()
                    .note(kill.what() + "; the Job's retry failed as expected, so helm upgrade failed; last error: "
                            + Upgrade.lastError(String.join("\n", failed.logs().values())));
            return null;
        }
        if (expectFailure) {
            throw new StepFailure(kill.what() + "; the Job's retry migrated and the upgrade succeeded, but the"
                    + " scenario expects it to fail");
        }
        run.evidence()
                .note(kill.what() + "; the Job's retry migrated the schema to head, helm upgrade and the post-upgrade"
                        + " check passed, and the data reads back as before the upgrade");
        return null;
    }
}
