package io.mlflowchart.harness.scenario.steps;

import static io.mlflowchart.harness.scenario.Param.Type.CHART;
import static io.mlflowchart.harness.scenario.Param.Type.STRING;
import static io.mlflowchart.harness.scenario.Param.Type.VERSION;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ChartSource;
import io.mlflowchart.harness.scenario.MlflowImage;
import io.mlflowchart.harness.scenario.Param;
import io.mlflowchart.harness.scenario.Profile;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One of the upgrade guide's methods to {@code to-version} (default: the chart's MLflow) and {@code to-chart}
 * (default: the chart under test), run by {@link UpgradeProcedure}. With {@code expect: failure} the step passes
 * only when the migration Job failed (with {@code failure-log}, for the reason its log must name), and saves that
 * Job's log.
 */
public final class Upgrade extends StepKind {

    public Upgrade() {
        super(
                "upgrade",
                "upgrades the release to another MLflow version and/or chart",
                Param.optional("to-version", VERSION, "MLflow version to upgrade to"),
                Param.optional("to-chart", CHART, "chart to upgrade to (default: working-tree, the chart under test)"),
                Param.choice(
                        "method",
                        "how the new version replaces the old (gitops: synced as Argo CD does, after an install with"
                                + " method: gitops)",
                        "standard",
                        "in-place",
                        "blue-green",
                        Install.GITOPS),
                Param.choice(
                        "expect",
                        "whether the upgrade must succeed or fail (as after break-migration)",
                        "success",
                        "failure"),
                Param.optional(
                        "failure-log",
                        STRING,
                        "with expect: failure, text the migration Job's log must contain: the failure expected, not"
                                + " any other"));
    }

    @Override
    public String placement() {
        return "after install, on a release no destroy removed; `method: blue-green` in prod only; `method: gitops`"
                + " exactly when the install used it";
    }

    /**
     * Blue-green needs the prod profile: a second dev release would get its own, empty SQLite volume. A release
     * installed the GitOps way has no Helm release, so it is synced, and only it is.
     */
    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        boolean synced = Install.GITOPS.equals(step.text("method"));
        Optional<String> noHelmRelease = Install.whyNoHelmRelease(placement);
        if (!synced) {
            noHelmRelease.ifPresent(why -> problems.add("method", why));
        } else if (noHelmRelease.isEmpty() && placement.lastOf("install").isPresent()) {
            problems.add(
                    "method", "gitops syncs a release installed with method: gitops; the install before it used helm");
        }
        if ("blue-green".equals(step.text("method")) && placement.profile() != Profile.PROD) {
            problems.add(
                    "method",
                    "blue-green needs the prod profile: a second dev release would get its own, empty SQLite"
                            + " volume (allowed here: standard, in-place)");
        }
        if (step.has("failure-log") && !"failure".equals(step.text("expect"))) {
            problems.add(
                    "failure-log",
                    "goes with expect: failure: it names the failure the migration Job must show (add expect:"
                            + " failure, or leave failure-log out)");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        MlflowImage target =
                step.has("to-version") ? MlflowImage.ofVersion(step.text("to-version")) : MlflowImage.chartDefault();
        Path chart =
                run.charts().resolve(step.has("to-chart") ? step.chart("to-chart") : new ChartSource.WorkingTree());
        boolean expectFailure = "failure".equals(step.text("expect"));
        try {
            new UpgradeProcedure(run, UpgradeProcedure.Method.of(step.text("method")), target, chart).run();
        } catch (UpgradeProcedure.MigrationFailed failed) {
            if (!expectFailure) {
                throw failed;
            }
            // Named as Diagnostics names container logs, so the report labels them as the migration Job's.
            failed.logs().forEach((pod, log) -> run.evidence().save("logs/" + pod + "_migration.log", log));
            String logs = String.join("\n", failed.logs().values());
            if (step.has("failure-log") && !logs.contains(step.text("failure-log"))) {
                throw new StepFailure("migration Job " + failed.job().name() + " failed, but its log lacks \""
                        + step.text("failure-log") + "\": another failure than the scenario expects; last error: "
                        + lastError(logs));
            }
            run.evidence()
                    .note("failed as expected: migration Job " + failed.job().name() + " failed in "
                            + failed.logs().size() + " pod(s); last error: " + lastError(logs));
            return null;
        }
        if (expectFailure) {
            throw new StepFailure("the upgrade succeeded, but the scenario expects it to fail");
        }
        return null;
    }

    /** The last line of a log that names an error: in a Python traceback, the exception that ended it. */
    static String lastError(String log) {
        List<String> errors = log.lines()
                .filter(line -> line.contains("Error") || line.contains("Exception"))
                .toList();
        return errors.isEmpty()
                ? "(no error line in the log)"
                : errors.get(errors.size() - 1).strip();
    }
}
