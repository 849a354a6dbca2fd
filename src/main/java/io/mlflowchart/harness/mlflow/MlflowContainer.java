package io.mlflowchart.harness.mlflow;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/** A lone MLflow server from an image with {@code mlflow} on its PATH: SQLite store, proxied local artifacts. */
public class MlflowContainer extends GenericContainer<MlflowContainer> {

    public static final int PORT = 5000;

    private static final String DATABASE = "sqlite:////tmp/mlflow.db";

    /** The store and the artifacts, as {@link #saveState(Path)} packs them. */
    private static final String STATE = "/tmp/state.tar";

    private static final List<String> SERVER = List.of(
            "mlflow",
            "server",
            "--host",
            "0.0.0.0",
            "--port",
            Integer.toString(PORT),
            "--workers",
            "1",
            "--backend-store-uri",
            DATABASE,
            "--serve-artifacts",
            "--artifacts-destination",
            "/tmp/artifacts");

    public MlflowContainer(String image) {
        super(DockerImageName.parse(image));
        withExposedPorts(PORT);
        // MLflow 3.x rejects requests whose Host header it does not know; the mapped port is not known up front.
        withEnv("MLFLOW_SERVER_ALLOWED_HOSTS", "*");
        // As the chart runs it (server.jobExecution: false): MLflow 3.x's job runner would start seven more Python
        // processes, about 1.3 GiB and ten CPU-seconds, for jobs no test submits.
        withEnv("MLFLOW_SERVER_ENABLE_JOB_EXECUTION", "false");
        // As the chart's default (telemetry.enabled: false): a test server sends MLflow 3.x's usage events nowhere.
        withEnv("MLFLOW_DISABLE_TELEMETRY", "true");
        withEnv("DO_NOT_TRACK", "true");
        withCommand(SERVER.toArray(String[]::new));
        waitingFor(Wait.forHttp("/health").forPort(PORT).forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
    }

    /**
     * Starts on the state another server saved ({@link #saveState(Path)}), its database upgraded first with
     * {@code mlflow db upgrade}, as an upgrade of the chart runs it before the new server.
     */
    public MlflowContainer upgrading(Path state) {
        withCopyFileToContainer(MountableFile.forHostPath(state), STATE);
        return withCommand(
                "sh",
                "-c",
                "tar -C /tmp -xf " + STATE + " && mlflow db upgrade " + DATABASE + " && exec "
                        + String.join(" ", SERVER));
    }

    /**
     * With the key MLflow encrypts webhook secrets with ({@code MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY}, a Fernet key):
     * without one each server process draws its own, and none can read a secret another wrote.
     */
    public MlflowContainer withWebhookSecretKey(String fernetKey) {
        return withEnv("MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY", fernetKey);
    }

    /**
     * With the passphrase MLflow derives the key of AI Gateway secrets from ({@code MLFLOW_CRYPTO_KEK_PASSPHRASE}, 3.8
     * on): without one it uses a passphrase built into MLflow, the same for every process and release.
     */
    public MlflowContainer withGatewayPassphrase(String passphrase) {
        return withEnv("MLFLOW_CRYPTO_KEK_PASSPHRASE", passphrase);
    }

    /**
     * With workspaces (MLflow 3.10 on; {@code MLFLOW_ENABLE_WORKSPACES}, which {@code mlflow server} reads when not
     * told {@code --enable-workspaces}, as the chart's {@code server.workspaces} tells it).
     */
    public MlflowContainer withWorkspaces() {
        return withEnv("MLFLOW_ENABLE_WORKSPACES", "true");
    }

    /** The store and the artifacts, packed into {@code tar} on the host. */
    public void saveState(Path tar) throws IOException, InterruptedException {
        // A server that was given no artifacts has no folder for them yet.
        ExecResult packed = execInContainer(
                "sh", "-c", "mkdir -p /tmp/artifacts && tar -C /tmp -cf " + STATE + " mlflow.db artifacts");
        if (packed.getExitCode() != 0) {
            throw new IllegalStateException("cannot pack the server's state: " + packed.getStderr());
        }
        copyFileFromContainer(STATE, tar.toString());
    }

    public MlflowClient client() {
        return new MlflowClient(URI.create("http://" + getHost() + ":" + getMappedPort(PORT)));
    }
}
