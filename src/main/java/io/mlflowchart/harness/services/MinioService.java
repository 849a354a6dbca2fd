package io.mlflowchart.harness.services;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.ReachableFromCluster;
import io.mlflowchart.harness.docker.KeptBetweenRuns;
import io.mlflowchart.harness.docker.Reuse;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The harness's own S3 store for the prod profile: a MinIO container beside the cluster, reached by pods as
 * {@code minio.<namespace>.svc:9000}, and by the harness through an S3 client to check what MLflow stored. Image
 * from {@link #IMAGE}. With {@link Reuse#KEEP_BETWEEN_RUNS} it is the kept one, with the keys it was created with.
 */
public class MinioService extends MinIOContainer implements ObjectStore, ReachableFromCluster, KeptBetweenRuns {

    public static final HarnessProperty IMAGE =
            new HarnessProperty("minio.image", "quay.io/minio/minio:RELEASE.2025-09-07T16-13-09Z");

    private static final int S3_PORT = 9000;

    private static final String ROLE = "minio";

    private S3Client s3;

    public MinioService(Network network, Reuse reuse) {
        super(DockerImageName.parse(IMAGE.value()).asCompatibleSubstituteFor("minio/minio"));
        withNetwork(network);
        withNetworkAliases(serviceName());
        withUserName("mlflow-e2e");
        withPassword(reuse.keptEnvironment(ROLE, "MINIO_ROOT_PASSWORD")
                .orElseGet(() -> "mlflow-e2e-" + Long.toHexString(System.nanoTime())));
        reuse.keep(this, ROLE);
    }

    @Override
    public String serviceName() {
        return ROLE;
    }

    @Override
    public int servicePort() {
        return S3_PORT;
    }

    @Override
    public String endpoint() {
        return getS3URL();
    }

    @Override
    public String accessKey() {
        return getUserName();
    }

    @Override
    public String secretKey() {
        return getPassword();
    }

    @Override
    public String endpointFor(KubernetesCluster cluster, String namespace) {
        return "http://" + cluster.routeTo(this).applyTo(cluster.client(), namespace) + ":" + S3_PORT;
    }

    @Override
    public synchronized S3Client s3() {
        if (s3 == null) {
            s3 = ObjectStore.clientFor(endpoint(), accessKey(), secretKey());
        }
        return s3;
    }

    @Override
    public synchronized void leaveRunning() {
        if (s3 != null) {
            s3.close();
            s3 = null;
        }
    }

    @Override
    public void stop() {
        leaveRunning();
        super.stop();
    }
}
