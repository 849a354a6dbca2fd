package io.mlflowchart.harness.mlflow;

import java.net.URI;
import java.time.Duration;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/** A lone MLflow server from an image with {@code mlflow} on its PATH: SQLite store, proxied local artifacts. */
public class MlflowContainer extends GenericContainer<MlflowContainer> {

    public static final int PORT = 5000;

    public MlflowContainer(String image) {
        super(DockerImageName.parse(image));
        withExposedPorts(PORT);
        // MLflow 3.x rejects requests whose Host header it does not know; the mapped port is not known up front.
        withEnv("MLFLOW_SERVER_ALLOWED_HOSTS", "*");
        withCommand(
                "mlflow",
                "server",
                "--host",
                "0.0.0.0",
                "--port",
                Integer.toString(PORT),
                "--workers",
                "1",
                "--backend-store-uri",
                "sqlite:////tmp/mlflow.db",
                "--serve-artifacts",
                "--artifacts-destination",
                "/tmp/artifacts");
        waitingFor(Wait.forHttp("/health").forPort(PORT).forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
    }

    /**
     * Keeps the SQLite database and the artifacts in {@code hostDirectory} (writable by the image's user), and first
     * upgrades a database found there to this release ({@code mlflow db upgrade}): how data an older release wrote is
     * served by a newer one.
     */
    public MlflowContainer withStoreIn(String hostDirectory) {
        withFileSystemBind(hostDirectory, "/data", BindMode.READ_WRITE);
        return withCommand(
                "sh",
                "-c",
                "( [ ! -f /data/mlflow.db ] || mlflow db upgrade sqlite:////data/mlflow.db ) && exec mlflow server --host"
                        + " 0.0.0.0 --port " + PORT + " --workers 1 --backend-store-uri sqlite:////data/mlflow.db"
                        + " --serve-artifacts --artifacts-destination /data/artifacts");
    }

    public MlflowClient client() {
        return new MlflowClient(URI.create("http://" + getHost() + ":" + getMappedPort(PORT)));
    }
}
