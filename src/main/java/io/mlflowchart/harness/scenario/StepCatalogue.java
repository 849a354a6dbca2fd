package io.mlflowchart.harness.scenario;

import static io.mlflowchart.harness.scenario.Param.Type.CHART;
import static io.mlflowchart.harness.scenario.Param.Type.DATASET;
import static io.mlflowchart.harness.scenario.Param.Type.STRING;
import static io.mlflowchart.harness.scenario.Param.Type.VERSION;

import java.util.List;
import java.util.Optional;

/** Every step a scenario may use. A new kind of step is one more entry here, and its runner. */
public final class StepCatalogue {

    public static final List<StepKind> KINDS = List.of(
            StepKind.of("install", "installs the scenario's chart with its profile and MLflow version"),
            StepKind.of("load-data", "writes the scenario's dataset through the MLflow API"),
            StepKind.of("write", "writes more data, under its own name prefix, on top of what is there",
                    Param.required("dataset", DATASET, "what to write"),
                    Param.required("prefix", STRING, "prefix of every experiment and model name written")),
            StepKind.of("verify", "reads all data back through the API and compares it with everything written"),
            StepKind.of("helm-test", "runs the chart's helm test hooks"),
            StepKind.of("verify-artifacts-in-bucket",
                    "checks that each artifact is an object in the bucket, with the same SHA-256")
                    .onlyFor(Profile.PROD),
            StepKind.of("backup", "dumps the database and copies the artifacts out of the cluster"),
            StepKind.of("destroy", "uninstalls the release and deletes its namespace"),
            StepKind.of("restore", "puts the last backup set back (make mlflow-restore, or mlflow-db-restore)",
                    Param.requiredChoice("into", "a new release in a new namespace, or the running one",
                            "fresh-release", "same-release"),
                    Param.choice("parts", "the database and the artifacts, or the database only", "all", "database")),
            StepKind.of("break-migration",
                    "creates table trace_info, as a half-finished upgrade leaves it, so the next migration from"
                            + " MLflow < 2.13 fails"),
            StepKind.of("upgrade", "upgrades the release to another MLflow version and/or chart",
                    Param.optional("to-version", VERSION, "MLflow version to upgrade to"),
                    Param.optional("to-chart", CHART, "chart to upgrade to (default: working-tree, the chart under test)"),
                    Param.choice("method", "how the new version replaces the old",
                            "standard", "in-place", "blue-green"),
                    Param.choice("expect", "whether the upgrade must succeed or fail (as after break-migration)",
                            "success", "failure")),
            StepKind.of("rollback", "rolls the release back to its previous revision",
                    Param.flag("restore-db", false,
                            "the guide's rollback (make mlflow-upgrade-rollback): restore the pre-upgrade dump too"),
                    Param.choice("expect", "whether the rollback must succeed, or fail as the guide warns"
                            + " (old server, migrated database; only without restore-db)", "success", "failure")));

    private StepCatalogue() {
    }

    public static Optional<StepKind> find(String name) {
        return KINDS.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return KINDS.stream().map(StepKind::name).toList();
    }
}
