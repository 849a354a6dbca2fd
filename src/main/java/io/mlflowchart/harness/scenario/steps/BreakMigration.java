package io.mlflowchart.harness.scenario.steps;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.TimeUnit;

/**
 * Leaves the database as a half-finished earlier upgrade would: table {@code trace_info}, the first thing the first
 * migration after MLflow 2.9.2 (867495a8f9d4, MLflow 2.13) creates, already exists. That migration then fails on
 * "already exists", while the running server, which never reads that table, is unaffected. Planted from a server
 * pod, with the server's own database settings, so it works for SQLite and PostgreSQL alike.
 */
public final class BreakMigration extends StepKind {

    static final String TABLE = "trace_info";

    private static final String PLANT = """
            import sys, sqlalchemy as sa
            engine = sa.create_engine(sys.argv[1])
            if sa.inspect(engine).has_table(sys.argv[2]):
                sys.exit(f"table {sys.argv[2]} exists already: this database is at MLflow 2.13 or later, where break-migration has nothing to break")
            with engine.begin() as connection:
                connection.execute(sa.text(f"CREATE TABLE {sys.argv[2]} (request_id VARCHAR(50) PRIMARY KEY)"))
            print(f"created table {sys.argv[2]}")
            """;

    public BreakMigration() {
        super(
                "break-migration",
                "creates table trace_info, as a half-finished upgrade leaves it, so the next migration from"
                        + " MLflow < 2.13 fails");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) throws Exception {
        ChartRelease release = run.release();
        KubernetesClient client = run.kubernetes();
        Deployment server = client.apps()
                .deployments()
                .inNamespace(release.namespace())
                .withName(release.layout().deployment())
                .require();
        String container =
                server.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
        String backendStore = server.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
                .filter(arg -> arg.startsWith("--backend-store-uri="))
                .map(arg -> arg.substring("--backend-store-uri=".length()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "deployment " + release.layout().deployment() + " has no --backend-store-uri argument"));
        Pod pod = release.serverPods().stream()
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(
                        "no server pod of " + release.name() + " to reach the database from"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods()
                .inNamespace(release.namespace())
                .withName(pod.getMetadata().getName())
                .inContainer(container)
                .writingOutput(output)
                .writingError(output)
                .exec("python", "-c", PLANT, backendStore, TABLE)) {
            int exit = exec.exitCode().get(2, TimeUnit.MINUTES);
            if (exit != 0) {
                throw new IllegalStateException(
                        "could not plant table " + TABLE + " in " + backendStore + " (exit " + exit + "): " + output);
            }
        }
        return null;
    }
}
