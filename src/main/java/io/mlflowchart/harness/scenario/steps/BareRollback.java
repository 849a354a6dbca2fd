package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.mlflowchart.harness.cluster.PodsInTrouble;
import io.mlflowchart.harness.helm.HelmException;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code helm rollback} to the previous revision and nothing else: what users try first, and what the upgrade
 * guide warns against after a migration. Migrations are forward-only, so the old server meets a schema newer than
 * it knows and stops at start with Alembic's "Can't locate revision identified by '...'".
 */
final class BareRollback {

    private static final Logger LOG = LoggerFactory.getLogger(BareRollback.class);

    /** What MLflow's server logs when the database's Alembic revision is not one it knows. */
    static final String UNKNOWN_REVISION = "Can't locate revision identified by";

    /** Long enough for the old pods to start and crash; Helm's wait then gives up. */
    private static final Duration EXPECTED_FAILURE_WAIT = Duration.ofSeconds(90);

    private static final Duration ROLLBACK_WAIT = Duration.ofMinutes(6);

    private final ScenarioRun run;

    BareRollback(ScenarioRun run) {
        this.run = run;
    }

    /**
     * With {@code expectFailure}, passes only when Helm's rollback failed and a server pod logged the unknown
     * revision (saved for the report); otherwise the rollback must succeed and MLflow serve again.
     */
    DataSnapshot.Counts run(boolean expectFailure) {
        ChartRelease release = run.release();
        int current = release.helm().status().revision();
        try {
            release.rollbackTo(current - 1, expectFailure ? EXPECTED_FAILURE_WAIT : ROLLBACK_WAIT);
        } catch (HelmException | PodsInTrouble failure) {
            // Helm gave up waiting, or the watch saw the old server crash-loop first: the failure the guide warns
            // about.
            if (!expectFailure) {
                throw failure;
            }
            String log = awaitUnknownRevisionLog(release, failure);
            run.evidence().save("rollback-without-restore.log", log);
            run.evidence()
                    .note("failed as the upgrade guide warns: " + failure.getMessage() + "\n"
                            + log.lines()
                                    .filter(line -> line.contains(UNKNOWN_REVISION))
                                    .findFirst()
                                    .orElseThrow());
            return null;
        }
        if (expectFailure) {
            throw new StepFailure("helm rollback to revision " + (current - 1)
                    + " succeeded, but the scenario expects the old server to refuse the migrated database");
        }
        release.endpoint().awaitServing();
        return run.expected().current().counts();
    }

    /** The log of a server pod that stopped on the unknown revision; fails, naming Helm's error, if none does. */
    private String awaitUnknownRevisionLog(ChartRelease release, RuntimeException failure) {
        KubernetesClient client = run.kubernetes();
        return Waits.on(
                        WaitingOn.KUBERNETES,
                        () -> await("a server pod of " + release.name() + " to log \"" + UNKNOWN_REVISION + "\" after: "
                                        + failure.getMessage())
                                .atMost(Duration.ofMinutes(2))
                                .pollInterval(Duration.ofSeconds(2))
                                .until(
                                        () -> release.serverPods().stream()
                                                .map(pod -> log(client, pod))
                                                .filter(log -> log.contains(UNKNOWN_REVISION))
                                                .findFirst(),
                                        Optional::isPresent))
                .orElseThrow();
    }

    /** The crashed container's previous log if it restarted, else its current one. */
    private String log(KubernetesClient client, Pod pod) {
        var container = client.pods()
                .inNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName());
        try {
            return container.terminated().getLog();
        } catch (KubernetesClientException noPreviousContainer) {
            LOG.debug("no previous log of {}: {}", pod.getMetadata().getName(), noPreviousContainer.getMessage());
            return Optional.ofNullable(container.getLog()).orElse("");
        }
    }
}
