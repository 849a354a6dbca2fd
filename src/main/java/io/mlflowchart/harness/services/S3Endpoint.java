package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import java.util.Optional;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible store the harness did not start, given as {@code s3.endpoint=http://host:port} with
 * {@code s3.access-key} and {@code s3.secret-key}, keys that may create buckets. No container is started then. This
 * machine and the chart's pods both use the endpoint as given, so it must be reachable from both.
 */
public final class S3Endpoint implements ObjectStore {

    public static final HarnessProperty ENDPOINT = new HarnessProperty("s3.endpoint", "");

    public static final HarnessProperty ACCESS_KEY = new HarnessProperty("s3.access-key", "");

    public static final HarnessProperty SECRET_KEY = new HarnessProperty("s3.secret-key", "");

    private final String endpoint;

    private final String accessKey;

    private final String secretKey;

    private S3Client s3;

    private S3Endpoint(String endpoint, String accessKey, String secretKey) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    /** The store the settings give, if they give one; settings that cannot work fail here, before anything starts. */
    public static Optional<S3Endpoint> fromSettings(Settings settings) {
        String endpoint = ENDPOINT.valueIn(settings);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        new EndpointCredentials(ACCESS_KEY, SECRET_KEY).requireFor(settings, ENDPOINT, "keys that may create buckets");
        if (!endpoint.matches("https?://[^/\\s]+/?")) {
            throw new IllegalArgumentException(
                    ENDPOINT.name() + "=" + endpoint + " (or " + ENDPOINT.environmentVariable()
                            + "): expected an http or https URL, e.g. http://minio.example.com:9000");
        }
        return Optional.of(new S3Endpoint(endpoint, ACCESS_KEY.valueIn(settings), SECRET_KEY.valueIn(settings)));
    }

    @Override
    public synchronized void start() {
        s3 = ObjectStore.clientFor(endpoint, accessKey, secretKey);
    }

    /** Closes the client; the store and its buckets stay. */
    @Override
    public synchronized void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public String accessKey() {
        return accessKey;
    }

    @Override
    public String secretKey() {
        return secretKey;
    }

    @Override
    public String endpointFor(KubernetesCluster cluster, String namespace) {
        return endpoint;
    }

    @Override
    public synchronized S3Client s3() {
        return s3;
    }
}
