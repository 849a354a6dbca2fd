package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import java.net.URI;
import java.util.List;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The S3 store of the prod profile: a MinIO container beside the cluster, reached by pods as
 * {@code minio.<namespace>.svc:9000}, and by the harness through an S3 client to check what MLflow
 * stored. Image from {@link #IMAGE}.
 */
public class ObjectStore extends MinIOContainer implements ReachableFromCluster {


    public static final HarnessProperty IMAGE = new HarnessProperty("minio.image", "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z");

    private static final int S3_PORT = 9000;

    private final Network network;

    private S3Client s3;

    public ObjectStore(Network network) {
        super(DockerImageName.parse(IMAGE.value()).asCompatibleSubstituteFor("minio/minio"));
        this.network = network;
        withNetwork(network);
        withNetworkAliases(serviceName());
        withUserName("mlflow-e2e");
        withPassword("mlflow-e2e-" + Long.toHexString(System.nanoTime()));
    }

    @Override
    public String serviceName() {
        return "minio";
    }

    @Override
    public int servicePort() {
        return S3_PORT;
    }

    @Override
    public Network network() {
        return network;
    }

    /** An S3 client on this host, path-style as MinIO wants. */
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = S3Client.builder()
                .endpointOverride(URI.create(getS3URL()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(getUserName(), getPassword())))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        }
        return s3;
    }

    public void createBucket(String bucket) {
        s3().createBucket(request -> request.bucket(bucket));
    }

    public void putObject(String bucket, String key, byte[] content) {
        s3().putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public byte[] getObject(String bucket, String key) {
        return s3().getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray();
    }

    /** Every object key under the prefix, following continuation tokens. */
    public List<String> listKeys(String bucket, String prefix) {
        return s3().listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix)).contents().stream()
            .map(S3Object::key)
            .toList();
    }

    @Override
    public void stop() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
        super.stop();
    }
}
