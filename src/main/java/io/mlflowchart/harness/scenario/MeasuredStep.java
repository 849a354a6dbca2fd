package io.mlflowchart.harness.scenario;

import static org.awaitility.Awaitility.await;

import io.mlflowchart.harness.availability.Availability;
import io.mlflowchart.harness.availability.Traffic;
import io.mlflowchart.harness.cluster.ServiceAccess;
import io.mlflowchart.harness.mlflow.Experiment;
import io.mlflowchart.harness.mlflow.IgnoredFields;
import io.mlflowchart.harness.mlflow.Metric;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A step a {@link Traffic} client runs under (a scenario's {@code traffic:}): the client writes to a run of its own in
 * experiment {@link IgnoredFields#AVAILABILITY_PROBE} (which {@code verify} leaves out: these writes are checked here,
 * right after the step, before any later restore rolls them back on purpose), and reaches MLflow through an access of
 * its own to the release's Service, which no change of the server closes.
 */
final class MeasuredStep {

    /** The purpose of the client's access: its NodePort Service is {@code <service>-harness-traffic}. */
    private static final String ACCESS = "harness-traffic";

    /** How many failed requests a failure message lists, with their times. */
    private static final int FAILURES_SHOWN = 20;

    private final ServiceAccess access;

    private final Traffic traffic;

    private final String runId;

    private final boolean noFailedRead;

    private Traffic.Recording recording;

    private Availability figures;

    private MeasuredStep(ServiceAccess access, Traffic traffic, String runId, boolean noFailedRead) {
        this.access = access;
        this.traffic = traffic;
        this.runId = runId;
        this.noFailedRead = noFailedRead;
    }

    /**
     * Creates the client's run (named {@code label}, in the probe experiment, made if missing) and starts the client on
     * the release {@code run} uses now; {@code noFailedRead}: whether {@link #check} refuses any failed read.
     */
    static MeasuredStep start(ScenarioRun run, String label, boolean noFailedRead) {
        MlflowEndpoint endpoint = run.release().endpoint();
        MlflowClient mlflow = endpoint.client();
        String experimentId = mlflow.experimentByName(IgnoredFields.AVAILABILITY_PROBE)
                .map(Experiment::experimentId)
                .orElseGet(() -> mlflow.createExperiment(IgnoredFields.AVAILABILITY_PROBE, Map.of()));
        String runId = mlflow.createRun(experimentId, label, System.currentTimeMillis(), Map.of())
                .id();
        ServiceAccess access = endpoint.separateAccess(ACCESS);
        try {
            URI uri = access.open();
            awaitAnswer(uri, run.release().namespace());
            Traffic traffic = Traffic.start(
                    uri, endpoint.user(), runId, "traffic " + run.release().namespace());
            return new MeasuredStep(access, traffic, runId, noFailedRead);
        } catch (RuntimeException e) {
            access.close();
            throw e;
        }
    }

    /**
     * Waits until MLflow answers through the new access: kube-proxy programs a new node port a moment after its
     * Service is made, and connections before that are reset, which would count against the step.
     */
    private static void awaitAnswer(URI uri, String namespace) {
        MlflowClient probe = new MlflowClient(uri);
        Waits.on(
                WaitingOn.MLFLOW,
                () -> await("MLflow " + namespace + " to answer /health at " + uri)
                        .atMost(Duration.ofMinutes(1))
                        .pollInterval(Duration.ofMillis(200))
                        .ignoreExceptions()
                        .until(() -> "OK".equals(probe.health().strip())));
    }

    /** Stops the client and closes its access; the figures, without the writes read back. */
    Availability stop() {
        if (recording == null) {
            recording = traffic.stop();
            try {
                figures = recording.figures(access.route().description());
            } finally {
                access.close();
            }
        }
        return figures;
    }

    /** The figures as far as they got: null before {@link #stop()}. */
    Availability figures() {
        return figures;
    }

    /**
     * Reads back every write MLflow acknowledged, through the harness's client of the release that serves now; fails
     * when one is missing, or, under {@code no-failed-read}, when a read failed or the route was not the Service's.
     */
    Availability check(ScenarioRun run) {
        stop();
        Set<Long> found = run.mlflow().metricHistory(runId, Traffic.METRIC).stream()
                .map(Metric::step)
                .collect(Collectors.toSet());
        List<Long> acknowledged = recording.acknowledged();
        Set<Long> lost = acknowledged.stream()
                .filter(sequence -> !found.contains(sequence))
                .collect(Collectors.toCollection(TreeSet::new));
        figures = figures.withWritesFound(acknowledged.size() - lost.size());
        if (noFailedRead) {
            figures = figures.withPromise(TrafficPlan.NO_FAILED_READ);
        }
        if (!lost.isEmpty()) {
            throw new StepFailure(lost.size() + " of " + acknowledged.size() + " writes MLflow acknowledged are lost:"
                    + " metric " + Traffic.METRIC + " of run " + runId + " has no step " + lost + " ("
                    + figures.summary()
                    + ")");
        }
        if (noFailedRead && access.route() != ServiceAccess.Route.SERVICE) {
            throw new StepFailure(
                    "no-failed-read cannot be measured " + access.route().description()
                            + ": a rolling change of the pods would measure the port-forward; run on the harness's own k3s");
        }
        if (noFailedRead && figures.failedReadCount() > 0) {
            throw new StepFailure("the chart promises no failed read here, but " + figures.failedReadCount() + " of "
                    + figures.reads() + " reads failed: " + figures.failedReads() + " (" + figures.summary()
                    + "); failed requests: " + recording.failures(FAILURES_SHOWN));
        }
        return figures;
    }
}
