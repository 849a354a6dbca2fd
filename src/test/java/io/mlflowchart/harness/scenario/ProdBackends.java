package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.services.ObjectStore;
import io.mlflowchart.harness.services.PostgresService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prod profile's external PostgreSQL and S3 for one scenario: its own database and bucket on the run's
 * shared PostgreSQL and MinIO, reachable from pods by in-cluster names, with the credentials in the two
 * Secrets that values-prod.yaml names as {@code existingSecret}, as in production.
 */
record ProdBackends(String database, String bucket, String postgresHost, String s3Endpoint) {

    static final String DATABASE_SECRET = "mlflow-postgresql";

    static final String S3_SECRET = "mlflow-s3";

    static ProdBackends prepare(SharedEnvironment environment, KubernetesClient client, String namespace) {
        PostgresService postgres = environment.postgres();
        ObjectStore store = environment.objectStore();
        String name = namespace.replace('-', '_');
        createDatabase(postgres, name);
        store.createBucket(namespace);
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
            .withNewMetadata().withName(DATABASE_SECRET).endMetadata()
            .addToStringData("password", postgres.getPassword())
            .build()).serverSideApply();
        client.secrets().inNamespace(namespace).resource(new SecretBuilder()
            .withNewMetadata().withName(S3_SECRET).endMetadata()
            .addToStringData("access-key", store.getUserName())
            .addToStringData("secret-key", store.getPassword())
            .build()).serverSideApply();
        String postgresHost = postgres.route().applyTo(client, namespace);
        String s3Host = store.route().applyTo(client, namespace);
        return new ProdBackends(name, namespace, postgresHost, "http://" + s3Host + ":" + store.servicePort());
    }

    /** The connection settings values-prod.yaml leaves for the installer; credentials stay in the Secrets. */
    Map<String, String> chartValues(PostgresService postgres) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("postgresql.external.host", postgresHost);
        values.put("postgresql.external.database", database);
        values.put("postgresql.external.username", postgres.getUsername());
        values.put("postgresql.external.existingSecret", DATABASE_SECRET);
        values.put("minio.external.endpoint", s3Endpoint);
        values.put("minio.external.bucket", bucket);
        values.put("minio.external.existingSecret", S3_SECRET);
        return values;
    }

    private static void createDatabase(PostgresService postgres, String name) {
        try {
            var result = postgres.execInContainer("psql", "-U", postgres.getUsername(), "-d", postgres.getDatabaseName(),
                "-v", "ON_ERROR_STOP=1", "-c", "create database " + name);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("could not create database " + name + ": " + result.getStderr());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not reach PostgreSQL to create database " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating database " + name, e);
        }
    }
}
