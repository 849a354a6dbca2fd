package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import java.io.ByteArrayOutputStream;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Leaves the database as a half-finished earlier upgrade would: table {@code trace_info}, the first thing the first
 * migration after MLflow 2.9.2 (867495a8f9d4, MLflow 2.13) creates, already exists. That migration then fails on
 * "already exists", while the running server, which never reads that table, is unaffected. Planted from a server
 * pod, with the server's own database settings, so it works for SQLite and PostgreSQL alike.
 */
record BrokenMigration(String namespace, String release) {

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

    void plant(KubernetesClient client) throws ExecutionException, InterruptedException, TimeoutException {
        Deployment server = client.apps().deployments().inNamespace(namespace).withName(release).require();
        String container = server.getSpec().getTemplate().getSpec().getContainers().get(0).getName();
        String backendStore = server.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().stream()
            .filter(arg -> arg.startsWith("--backend-store-uri="))
            .map(arg -> arg.substring("--backend-store-uri=".length()))
            .findFirst().orElseThrow(() -> new IllegalStateException("deployment " + release + " has no --backend-store-uri argument"));
        Pod pod = client.pods().inNamespace(namespace)
            .withLabels(ScenarioRun.serverPodLabels(release))
            .list().getItems().stream().findFirst()
            .orElseThrow(() -> new IllegalStateException("no server pod of " + release + " to reach the database from"));
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (ExecWatch exec = client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).inContainer(container)
            .writingOutput(output).writingError(output).exec("python", "-c", PLANT, backendStore, TABLE)) {
            int exit = exec.exitCode().get(2, TimeUnit.MINUTES);
            if (exit != 0) {
                throw new IllegalStateException("could not plant table " + TABLE + " in " + backendStore + " (exit " + exit + "): " + output);
            }
        }
    }
}
