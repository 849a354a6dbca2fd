package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.util.Optional;

/**
 * Installs the scenario's chart with its profile and MLflow version, and waits until MLflow serves: with {@code helm
 * install}, or ({@code method: gitops}) as Argo CD does, {@code helm template} output applied phase by phase and wave
 * by wave with no Helm release.
 */
public final class Install extends StepKind {

    static final String GITOPS = "gitops";

    public Install() {
        super(
                "install",
                "installs the scenario's chart with its profile and MLflow version",
                Param.choice(
                        "method",
                        "helm install, or gitops: helm template output applied as Argo CD syncs it (no Helm release)",
                        "helm",
                        GITOPS));
    }

    @Override
    public String placement() {
        return "first, and only once";
    }

    /** The scenario's first step, and its only install: every other step acts on what it installed. */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        if (!placement.before().isEmpty()) {
            problems.add("must be the scenario's first step (it is the only one that installs the release)");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        if (GITOPS.equals(step.text("method"))) {
            run.release().installAsGitOps(run.chart());
        } else {
            run.release().install(run.chart());
            requireMigratedOnceIfHooked(run);
        }
        return null;
    }

    /**
     * A pre-install migration hook (PostgreSQL, or a SQLite claim kept from before) ran once, by its first pod: a
     * retry would mean the first migration of a new database fails, and a failed hook pod is what an operator sees.
     */
    private static void requireMigratedOnceIfHooked(ScenarioRun run) {
        if (run.release().layout().migrationJob().isEmpty()) {
            return;
        }
        MigrationJob job = MigrationJob.of(run.release());
        if (job.uid(run.kubernetes()) != null) {
            job.requireRanOnceFor(run.kubernetes(), 1);
        }
    }

    /**
     * Why a step that needs a Helm release (Helm or the runbook drives it) cannot act on the one installed before it:
     * present when the scenario installed with {@code method: gitops}.
     */
    public static Optional<String> whyNoHelmRelease(StepPlacement placement) {
        return placement
                .lastOf("install")
                .filter(install -> GITOPS.equals(install.text("method")))
                .map(install -> "needs a Helm release, and the install at line " + install.line()
                        + " used method: gitops (no Helm release; upgrade with method: gitops)");
    }
}
