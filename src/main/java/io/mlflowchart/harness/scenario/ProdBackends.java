package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.helm.ChartCommand;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.services.BackendServers;
import io.mlflowchart.harness.services.ObjectStore;
import io.mlflowchart.harness.services.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The prod profile's external PostgreSQL and S3 for one scenario: its own database and bucket on the run's shared
 * PostgreSQL and S3 store (the harness's containers, or the endpoints the settings give) or on the scenario's own
 * ({@code backends: dedicated}), reachable from pods, with
 * the credentials in the two Secrets that values-prod.yaml names as {@code existingSecret}, as in production, and the
 * S3 keys once more under the AWS SDK's environment names in a third Secret, for a scenario that hands them to the
 * server through {@code envFrom}, where the SDK's own credential chain finds them (as it finds IRSA's token).
 */
public record ProdBackends(
        String database, String bucket, String username, InetSocketAddress postgres, String s3Endpoint) {

    static final String DATABASE_SECRET = "mlflow-postgresql";

    static final String S3_SECRET = "mlflow-s3";

    /** The S3 keys as AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: what {@code envFrom} turns into the SDK's env. */
    static final String S3_ENV_SECRET = "mlflow-s3-env";

    static ProdBackends prepare(
            KubernetesCluster cluster, BackendServers servers, KubernetesClient client, String namespace) {
        PostgresServer postgres = servers.postgres();
        ObjectStore store = servers.objectStore();
        String name = namespace.replace('-', '_');
        postgres.createEmptyDatabase(name);
        store.createEmptyBucket(namespace);
        applySecret(client, namespace, DATABASE_SECRET, Map.of("password", postgres.getPassword()));
        applySecret(
                client, namespace, S3_SECRET, Map.of("access-key", store.accessKey(), "secret-key", store.secretKey()));
        applySecret(
                client,
                namespace,
                S3_ENV_SECRET,
                Map.of("AWS_ACCESS_KEY_ID", store.accessKey(), "AWS_SECRET_ACCESS_KEY", store.secretKey()));
        return new ProdBackends(
                name,
                namespace,
                postgres.getUsername(),
                postgres.addressFor(cluster, namespace),
                store.endpointFor(cluster, namespace));
    }

    private static void applySecret(KubernetesClient client, String namespace, String name, Map<String, String> data) {
        client.secrets()
                .inNamespace(namespace)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withStringData(data)
                        .build())
                .serverSideApply();
    }

    /**
     * The connection settings values-prod.yaml leaves for the installer, as a values file that goes after the
     * profile's and before the scenario's own, so a scenario may change any of them (a keyless one empties the S3
     * Secret's name). Credentials stay in the Secrets.
     */
    <C extends ChartCommand<C>> C applyTo(C command) {
        Map<String, Object> values = Map.of(
                "postgresql",
                Map.of(
                        "external",
                        Map.of(
                                "host", postgres.getHostString(),
                                "port", postgres.getPort(),
                                "database", database,
                                "username", username,
                                "existingSecret", DATABASE_SECRET)),
                "minio",
                Map.of("external", Map.of("endpoint", s3Endpoint, "bucket", bucket, "existingSecret", S3_SECRET)));
        try {
            Path file = Files.createTempFile("backends-" + bucket + "-", ".yaml");
            file.toFile().deleteOnExit();
            Mappers.YAML.writeValue(file.toFile(), values);
            return command.withValues(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the backends' values file", e);
        }
    }
}
