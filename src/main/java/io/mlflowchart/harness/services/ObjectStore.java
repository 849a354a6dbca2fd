package io.mlflowchart.harness.services;

import io.mlflowchart.harness.cluster.KubernetesCluster;
import java.net.URI;
import java.util.List;
import org.testcontainers.lifecycle.Startable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The prod profile's S3 store: the harness's own MinIO container ({@link MinioService}) or an S3-compatible endpoint
 * given by the settings ({@link S3Endpoint}). The harness creates each scenario's bucket on it and reads back what
 * MLflow stored there through an S3 client on this host.
 */
public interface ObjectStore extends Startable {

    /** The S3 endpoint URL as this machine reaches it. */
    String endpoint();

    String accessKey();

    String secretKey();

    /** The S3 endpoint URL pods in the namespace use, routed there first if pods cannot reach the store as it is. */
    String endpointFor(KubernetesCluster cluster, String namespace);

    /** An S3 client on this host. */
    S3Client s3();

    /** A path-style S3 client, as MinIO wants and other S3-compatible stores accept. */
    static S3Client clientFor(String endpoint, String accessKey, String secretKey) {
        return S3Client.builder()
                .endpointOverride(URI.create(endpoint))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /**
     * Creates the bucket, or empties it if it exists: a given store outlives runs, and each scenario starts from
     * nothing, as on the harness's own MinIO.
     */
    default void createEmptyBucket(String bucket) {
        try {
            s3().headBucket(request -> request.bucket(bucket));
        } catch (NoSuchBucketException absent) {
            s3().createBucket(request -> request.bucket(bucket));
            return;
        }
        List<ObjectIdentifier> left = listKeys(bucket, "").stream()
                .map(key -> ObjectIdentifier.builder().key(key).build())
                .toList();
        // DeleteObjects takes at most 1000 keys.
        for (int from = 0; from < left.size(); from += 1000) {
            List<ObjectIdentifier> batch = left.subList(from, Math.min(from + 1000, left.size()));
            s3().deleteObjects(request -> request.bucket(bucket).delete(delete -> delete.objects(batch)));
        }
    }

    default void putObject(String bucket, String key, byte[] content) {
        s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    default byte[] getObject(String bucket, String key) {
        return s3().getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    /** Every object key under the prefix, following continuation tokens. */
    default List<String> listKeys(String bucket, String prefix) {
        return s3().listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
                .map(S3Object::key)
                .toList();
    }
}
