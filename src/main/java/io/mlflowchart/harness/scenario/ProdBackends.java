package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.ChartCommand;
import io.mlflowchart.harness.services.ObjectStore;
import io.mlflowchart.harness.services.PostgresServer;
import java.net.InetSocketAddress;

/**
 * The prod profile's external PostgreSQL and S3 for one scenario: its own database and bucket on the run's shared
 * PostgreSQL and S3 store (the harness's containers, or the endpoints the settings give), reachable from pods, with
 * the credentials in the two Secrets that values-prod.yaml names as {@code existingSecret}, as in production.
 */
public record ProdBackends(
        String database, String bucket, String username, InetSocketAddress postgres, String s3Endpoint) {

    static final String DATABASE_SECRET = "mlflow-postgresql";

    static final String S3_SECRET = "mlflow-s3";

    static ProdBackends prepare(SharedEnvironment environment, KubernetesClient client, String namespace) {
        KubernetesCluster cluster = environment.cluster();
        PostgresServer postgres = environment.postgres();
        ObjectStore store = environment.objectStore();
        String name = namespace.replace('-', '_');
        postgres.createEmptyDatabase(name);
        store.createEmptyBucket(namespace);
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(DATABASE_SECRET)
                        .endMetadata()
                        .addToStringData("password", postgres.getPassword())
                        .build())
                .serverSideApply();
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(S3_SECRET)
                        .endMetadata()
                        .addToStringData("access-key", store.accessKey())
                        .addToStringData("secret-key", store.secretKey())
                        .build())
                .serverSideApply();
        return new ProdBackends(
                name,
                namespace,
                postgres.getUsername(),
                postgres.addressFor(cluster, namespace),
                store.endpointFor(cluster, namespace));
    }

    /** The connection settings values-prod.yaml leaves for the installer; credentials stay in the Secrets. */
    <C extends ChartCommand<C>> C applyTo(C command) {
        return command.setString("postgresql.external.host", postgres.getHostString())
                .set("postgresql.external.port", postgres.getPort())
                .setString("postgresql.external.database", database)
                .setString("postgresql.external.username", username)
                .setString("postgresql.external.existingSecret", DATABASE_SECRET)
                .setString("minio.external.endpoint", s3Endpoint)
                .setString("minio.external.bucket", bucket)
                .setString("minio.external.existingSecret", S3_SECRET);
    }
}
