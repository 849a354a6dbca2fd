package io.mlflowchart.harness.scenario;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.cluster.PodWatch;
import io.mlflowchart.harness.cluster.Rollout;
import io.mlflowchart.harness.cluster.ServiceAccess;
import io.mlflowchart.harness.mlflow.BasicAuth;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the harness reaches one release's MLflow: the cluster's access to the release's Service, and a client on it.
 * The release closes it whenever it replaces the server; {@link #awaitServing()} opens it again once the rollout is
 * complete and {@code /health} answers, because what reached the old pods may not reach the new ones.
 */
public final class MlflowEndpoint implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowEndpoint.class);

    private final KubernetesCluster cluster;

    private final String namespace;

    private final ServerLayout layout;

    private final Duration rolloutTimeout;

    /** The admin every request is sent as, when the server runs basic auth. */
    private final Optional<BasicAuth> user;

    /** The release's pods since its server was last replaced: the rollout stops on the first in trouble. */
    private final Supplier<PodWatch> pods;

    private ServiceAccess access;

    private MlflowClient client;

    MlflowEndpoint(
            KubernetesCluster cluster,
            String namespace,
            ServerLayout layout,
            Duration rolloutTimeout,
            Optional<BasicAuth> user,
            Supplier<PodWatch> pods) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.layout = layout;
        this.rolloutTimeout = rolloutTimeout;
        this.user = user;
        this.pods = pods;
    }

    /** Waits for the server's rollout, then (re)opens the access and waits until MLflow answers. */
    public void awaitServing() {
        new Rollout(namespace, layout.deployment()).awaitComplete(pods.get(), rolloutTimeout);
        if (access == null) {
            access = cluster.accessTo(namespace, layout.service(), layout.port());
        }
        MlflowClient opened = clientAt(access.open());
        // Polled on Awaitility's thread, where no step clock runs: counted here, as a whole.
        Waits.on(
                WaitingOn.MLFLOW,
                () -> await("MLflow " + namespace + "/" + layout.service() + " to answer /health")
                        .atMost(Duration.ofMinutes(1))
                        .ignoreExceptions()
                        .until(() -> "OK".equals(opened.health().strip())));
        client = opened;
        LOG.info("[{}] MLflow {} serving at {}", namespace, opened.version(), opened.baseUri());
    }

    /** The client of the server that serves now; refused while the server is being replaced or was never started. */
    public MlflowClient client() {
        if (client == null) {
            throw new IllegalStateException(
                    "MLflow " + namespace + "/" + layout.service() + " is not serving: it was never installed, "
                            + "or a step replaced or stopped it and did not wait for it to serve again");
        }
        return client;
    }

    /**
     * Another way in to the same Service, the caller's own (nothing opened yet): no change of the server closes it,
     * so a client on it keeps sending while the server is replaced. The caller closes it.
     */
    public ServiceAccess separateAccess(String purpose) {
        return cluster.accessTo(namespace, layout.service(), layout.port(), purpose);
    }

    /** The admin every request must be sent as, when the server runs basic auth. */
    public Optional<BasicAuth> user() {
        return user;
    }

    /** The server is going away (scaled down, upgraded, rolled back, restored): nothing may use the old access. */
    void serverReplaced() {
        client = null;
        close();
    }

    /**
     * What is really there now, for a person: the URI and version when MLflow answers, else the Deployment's ready
     * pods. Reads the cluster rather than this endpoint's state, which a failed step may have left closed.
     */
    String describe() {
        Deployment deployment = cluster.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName(layout.deployment())
                .get();
        if (deployment == null) {
            return "not serving: no Deployment " + namespace + "/" + layout.deployment();
        }
        String pods = Objects.requireNonNullElse(deployment.getStatus().getReadyReplicas(), 0) + " of "
                + deployment.getSpec().getReplicas() + " pods ready";
        try {
            if (access == null) {
                access = cluster.accessTo(namespace, layout.service(), layout.port());
            }
            MlflowClient probe = clientAt(access.open());
            return probe.baseUri() + " (MLflow " + probe.version() + ", " + pods + "; as the harness reaches it)";
        } catch (Exception notAnswering) {
            // Not only RuntimeException: RestAssured rethrows a refused connection's IOException undeclared.
            return "not answering (" + notAnswering.getMessage() + "); " + pods;
        }
    }

    private MlflowClient clientAt(URI uri) {
        MlflowClient client = new MlflowClient(uri);
        return user.map(client::authenticatedAs).orElse(client);
    }

    @Override
    public void close() {
        if (access != null) {
            access.close();
            access = null;
        }
    }
}
