package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlflowchart.harness.cluster.ContainerKill;
import io.mlflowchart.harness.cluster.ServiceAccess;
import io.mlflowchart.harness.mlflow.ArtifactFile;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.Run;
import io.mlflowchart.harness.mlflow.RunStatus;
import io.mlflowchart.harness.mlflow.SlowUpload;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.steps.NumberedBatch.Presence;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A server pod killed with SIGKILL while it receives a large artifact upload and several {@code runs/log-batch}
 * requests: each item must afterwards be whole or absent, the acknowledged ones whole, the server back (the killed
 * container restarted, every pod Ready), and retrying the unacknowledged writes must work. The writes go through a
 * Service that selects one server pod, the one then killed, so the kill lands on the requests whatever the replica
 * count.
 * The retried writes join the data the scenario expects: the next {@code verify} compares them byte for byte.
 * Batches MLflow shows partly written are reported as a finding (its documentation of log-batch allows them), not
 * hidden and not failed.
 */
public final class KillServerPod extends StepKind {

    private static final int UPLOAD_SIZE = 8 * 1024 * 1024;

    private static final int UPLOAD_PIECES = 30;

    private static final Duration PIECE_INTERVAL = Duration.ofSeconds(1);

    /** A third into the upload: bytes have arrived and most are still to come. */
    private static final Duration KILL_AFTER = PIECE_INTERVAL.multipliedBy(UPLOAD_PIECES / 3);

    private static final int BATCH_WRITERS = 4;

    private static final String ARTIFACT = "killed/large-upload.bin";

    private static final Duration BACK_WITHIN = Duration.ofMinutes(3);

    private static final Duration ANSWER_PATIENCE = Duration.ofSeconds(60);

    /** On the pod the writes go to, and in the selector of the Service that reaches only it. */
    private static final String PINNED_LABEL = "mlflow.chart/kill-target";

    public KillServerPod() {
        super(
                "kill-server-pod",
                "SIGKILLs the server pod receiving a large upload and several log-batch requests; each item must be"
                        + " whole or absent, the server back, and retried writes must work");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) throws IOException {
        // First: on a cluster where it cannot be done, the step refuses before it writes anything.
        ContainerKill kill = run.cluster().containerKill();
        ChartRelease release = run.release();
        MlflowClient mlflow = run.mlflow();
        String experiment = "kill-server-pod-" + step.line();
        long startTime = System.currentTimeMillis();
        Run created = mlflow.createRun(mlflow.createExperiment(experiment, Map.of()), "killed", startTime, Map.of());
        byte[] content = new byte[UPLOAD_SIZE];
        new Random(step.line()).nextBytes(content);

        Pod target = release.serverPods().stream()
                .filter(KillServerPod::ready)
                .min(Comparator.comparing(pod -> pod.getMetadata().getName()))
                .orElseThrow(() -> new IllegalStateException("no ready server pod of " + release.name() + " to kill"));
        Container container = target.getSpec().getContainers().get(0);
        int restartsBefore = restarts(target, container.getName());
        Killed killed;
        String pinned = pinTo(run, release, target);
        try (ServiceAccess access = run.cluster()
                .accessTo(release.namespace(), pinned, release.layout().port())) {
            MlflowClient toTarget = mlflow.at(access.open());
            // A new Service: kube-proxy needs a moment before its node port leads anywhere.
            Waits.on(
                    WaitingOn.MLFLOW,
                    () -> await("the pod to kill to answer /health through its own Service")
                            .atMost(Duration.ofMinutes(1))
                            .ignoreExceptions()
                            .until(() -> "OK".equals(toTarget.health())));
            killed = writeAndKill(
                    toTarget, created, content, startTime, () -> kill.sigkill(target, container.getName()));
        } finally {
            run.kubernetes()
                    .services()
                    .inNamespace(release.namespace())
                    .withName(pinned)
                    .delete();
        }
        awaitBack(run, release, target.getMetadata().getName(), container.getName(), restartsBefore);

        // The client of the server as it serves now, read with patience: the first connections after the restart
        // were seen reset (a real client retries too), and every read here is idempotent.
        MlflowClient back = run.mlflow();
        Inspection found = Waits.on(
                WaitingOn.MLFLOW,
                () -> await("the restarted server to answer the reads after the kill")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions()
                        .until(() -> inspect(back, created, content, killed), Objects::nonNull));
        List<String> problems = found.problems();
        String upload = found.upload();
        SortedMap<Presence, List<Integer>> unacknowledged = found.unacknowledged();
        if (!problems.isEmpty()) {
            throw new StepFailure("after " + killed.what() + ":\n  " + String.join("\n  ", problems));
        }

        // The client's retry: the upload once more, every batch without an answer once more (log-batch is
        // idempotent for the same values: MLflow skips metric points it holds and accepts a param logged again).
        Waits.on(
                WaitingOn.MLFLOW,
                () -> await("the retried writes to be accepted")
                        .atMost(Duration.ofMinutes(2))
                        .pollInterval(Duration.ofSeconds(2))
                        .ignoreExceptions()
                        .until(() -> {
                            back.uploadArtifact(created, ARTIFACT, content);
                            killed.batches().stream()
                                    .filter(batch -> !killed.acknowledged().contains(batch.number()))
                                    .forEach(batch -> back.logBatch(created.id(), batch.request()));
                            return true;
                        }));
        long endTime = System.currentTimeMillis();
        back.updateRun(created.id(), RunStatus.FINISHED, endTime);
        run.expected().add(written(experiment, killed.batches(), content, startTime, endTime));

        run.evidence()
                .note(killed.what() + "; the container restarted and every server pod is Ready again. Upload: "
                        + upload + ". Batches: " + killed.acknowledged().size() + " acknowledged (all whole), "
                        + describe(unacknowledged) + partialFinding(found.partial())
                        + ". Retried upload and unacknowledged batches: accepted (verify compares them)");
        return run.expected().current().counts();
    }

    /** What the server holds of the killed writes: the upload's state, each unacknowledged batch's, and problems. */
    private static Inspection inspect(MlflowClient mlflow, Run created, byte[] content, Killed killed) {
        List<String> problems = new ArrayList<>();
        String upload = uploadAfterKill(mlflow, created, content, killed.upload(), problems);
        SortedMap<Presence, List<Integer>> unacknowledged = new TreeMap<>();
        Run stored = mlflow.run(created.id());
        List<String> partial = new ArrayList<>();
        for (NumberedBatch batch : killed.batches()) {
            boolean param = stored.params().containsKey(batch.param());
            boolean tag = stored.tags().containsKey(batch.tag());
            int points = mlflow.metricHistory(created.id(), batch.metric()).size();
            Presence presence = Presence.of(param, tag, points);
            if (presence == Presence.PARTIAL) {
                partial.add("batch " + batch.number() + ": param " + (param ? "present" : "absent") + ", "
                        + points + " of " + NumberedBatch.POINTS + " metric points, tag "
                        + (tag ? "present" : "absent"));
            }
            if (killed.acknowledged().contains(batch.number())) {
                if (presence != Presence.WHOLE) {
                    problems.add("batch " + batch.number() + " was acknowledged (HTTP 200) but is " + presence);
                }
            } else {
                unacknowledged.computeIfAbsent(presence, p -> new ArrayList<>()).add(batch.number());
            }
        }
        return new Inspection(upload, unacknowledged, partial, problems);
    }

    private record Inspection(
            String upload,
            SortedMap<Presence, List<Integer>> unacknowledged,
            List<String> partial,
            List<String> problems) {}

    /** The upload and the batch writers run until the kill, which comes a third into the upload. */
    private static Killed writeAndKill(
            MlflowClient target, Run created, byte[] content, long timestamp, Supplier<String> kill) {
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        ExecutorService writers = Executors.newFixedThreadPool(BATCH_WRITERS);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        Map<Integer, NumberedBatch> sent = new ConcurrentSkipListMap<>();
        Map<Integer, String> answers = new ConcurrentSkipListMap<>();
        try {
            Instant began = Instant.now();
            CompletableFuture<HttpResponse<String>> upload = SlowUpload.start(
                    target.artifactUrl(created, ARTIFACT), content, UPLOAD_PIECES, PIECE_INTERVAL, pace);
            for (int i = 0; i < BATCH_WRITERS; i++) {
                writers.submit(() -> {
                    while (!stop.get()) {
                        NumberedBatch batch = new NumberedBatch(next.incrementAndGet(), timestamp);
                        sent.put(batch.number(), batch);
                        try {
                            target.logBatch(created.id(), batch.request());
                            answers.put(batch.number(), "200");
                        } catch (RuntimeException failed) {
                            answers.put(batch.number(), failed.toString());
                            return;
                        }
                    }
                });
            }
            Waits.on(
                    WaitingOn.MLFLOW,
                    () -> await("a third of the upload, and batches acknowledged")
                            .atMost(KILL_AFTER.plusMinutes(2))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> {
                                answers.values().stream()
                                        .filter(answer -> !answer.equals("200"))
                                        .findFirst()
                                        .ifPresent(failure -> {
                                            throw new StepFailure(
                                                    "a log-batch request failed before the kill: " + failure);
                                        });
                                return Duration.between(began, Instant.now()).compareTo(KILL_AFTER) >= 0
                                        && answers.size() >= 2 * BATCH_WRITERS;
                            }));
            if (upload.isDone()) {
                throw new IllegalStateException("the upload ended before the kill: " + outcome(upload));
            }
            long inFlight = sent.size() - answers.size();
            long killedAfter = Duration.between(began, Instant.now()).toSeconds();
            String killedWhat = kill.get();
            stop.set(true);
            // A request cut by the kill normally ends at once (connection reset); one that has not within
            // ANSWER_PATIENCE never got an answer either: unacknowledged, like the others.
            try {
                Waits.on(
                        WaitingOn.MLFLOW,
                        () -> await("the upload and the batches to end after the kill")
                                .atMost(ANSWER_PATIENCE)
                                .pollInterval(Duration.ofMillis(500))
                                .until(() -> upload.isDone() && answers.size() == sent.size()));
            } catch (ConditionTimeoutException stillOpen) {
                upload.cancel(true);
                sent.keySet().forEach(number -> answers.putIfAbsent(number, "no answer"));
            }
            List<Integer> acknowledged = answers.entrySet().stream()
                    .filter(answer -> answer.getValue().equals("200"))
                    .map(Map.Entry::getKey)
                    .toList();
            return new Killed(
                    killedWhat + " " + killedAfter + " s into the writes, with "
                            + inFlight + " batch request(s) in flight ("
                            + answers.values().stream()
                                    .filter("no answer"::equals)
                                    .count()
                            + " left without any answer within " + ANSWER_PATIENCE.toSeconds() + " s)",
                    outcome(upload),
                    List.copyOf(sent.values()),
                    acknowledged);
        } finally {
            stop.set(true);
            writers.shutdownNow();
            pace.shutdownNow();
        }
    }

    /**
     * A Service like the chart's that selects only {@code target} (labelled for it): the writes reach the pod then
     * killed through the cluster's usual way in (kube-proxy), and its death resets their connections at once, which
     * a port-forward does not pass on.
     */
    private static String pinTo(ScenarioRun run, ChartRelease release, Pod target) {
        String name = release.layout().service() + "-kill-target";
        String podName = target.getMetadata().getName();
        run.kubernetes()
                .pods()
                .inNamespace(release.namespace())
                .withName(podName)
                .edit(pod -> new PodBuilder(pod)
                        .editMetadata()
                        .addToLabels(PINNED_LABEL, podName)
                        .endMetadata()
                        .build());
        Service chart = run.kubernetes()
                .services()
                .inNamespace(release.namespace())
                .withName(release.layout().service())
                .require();
        Map<String, String> selector = new TreeMap<>(chart.getSpec().getSelector());
        selector.put(PINNED_LABEL, podName);
        run.kubernetes()
                .services()
                .inNamespace(release.namespace())
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(release.namespace())
                        .endMetadata()
                        .withNewSpec()
                        .withSelector(selector)
                        .withPorts(ServiceAccess.portOf(chart, release.layout().port()))
                        .endSpec()
                        .build())
                .serverSideApply();
        return name;
    }

    /** The killed container restarted in its pod, and the Deployment has all its pods Ready again. */
    private static void awaitBack(
            ScenarioRun run, ChartRelease release, String pod, String container, int restartsBefore) {
        Waits.on(
                WaitingOn.KUBERNETES,
                () -> await("the killed server container to restart and every server pod to be Ready")
                        .atMost(BACK_WITHIN)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(() -> {
                            Pod now = run.kubernetes()
                                    .pods()
                                    .inNamespace(release.namespace())
                                    .withName(pod)
                                    .get();
                            Deployment server = run.kubernetes()
                                    .apps()
                                    .deployments()
                                    .inNamespace(release.namespace())
                                    .withName(release.layout().deployment())
                                    .get();
                            return now != null
                                    && restarts(now, container) > restartsBefore
                                    && Objects.equals(
                                            server.getStatus().getReadyReplicas(),
                                            server.getSpec().getReplicas())
                                    && release.serverPods().stream().allMatch(KillServerPod::ready);
                        }));
        release.endpoint().awaitServing();
    }

    /** The upload is absent, or whole with the exact bytes sent (an acknowledged one must be whole). */
    private static String uploadAfterKill(
            MlflowClient mlflow, Run created, byte[] content, String answer, List<String> problems) {
        ArtifactDigest sent = ArtifactDigest.of(content);
        List<ArtifactFile> listed = mlflow.artifacts(created).stream()
                .filter(file -> file.path().equals(ARTIFACT))
                .toList();
        if (listed.isEmpty()) {
            if (answer.equals("HTTP 200")) {
                problems.add("the upload was acknowledged (HTTP 200) but " + ARTIFACT + " is absent");
            }
            return "answered " + answer + ", absent afterwards";
        }
        ArtifactDigest stored;
        try (InputStream in = mlflow.openArtifact(created, ARTIFACT)) {
            stored = ArtifactDigest.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + ARTIFACT + " back", e);
        }
        if (!stored.equals(sent) || !Objects.equals(listed.get(0).fileSize(), sent.size())) {
            problems.add(ARTIFACT + " is half-written: listed with "
                    + listed.get(0).fileSize() + " bytes, stored " + stored + ", sent " + sent);
        }
        return "answered " + answer + ", whole afterwards (" + sent.size() + " bytes, SHA-256 as sent)";
    }

    private static String outcome(CompletableFuture<HttpResponse<String>> upload) {
        if (upload.isCancelled()) {
            return "no answer within " + ANSWER_PATIENCE.toSeconds() + " s of the kill";
        }
        try {
            return "HTTP " + upload.join().statusCode();
        } catch (RuntimeException failed) {
            return String.valueOf(failed.getCause() == null ? failed : failed.getCause());
        }
    }

    private static String describe(SortedMap<Presence, List<Integer>> unacknowledged) {
        if (unacknowledged.isEmpty()) {
            return "none unacknowledged";
        }
        return "unacknowledged: "
                + unacknowledged.entrySet().stream()
                        .map(e -> e.getValue().size() + " " + e.getKey().name().toLowerCase() + " " + e.getValue())
                        .collect(Collectors.joining(", "));
    }

    private static String partialFinding(List<String> partial) {
        return partial.isEmpty()
                ? ""
                : " (FINDING: MLflow holds part of a batch whose request the kill cut, " + String.join("; ", partial)
                        + ": log-batch commits params, metrics and tags in transactions of their own)";
    }

    private static DataSnapshot written(
            String experiment, List<NumberedBatch> batches, byte[] content, long startTime, long endTime) {
        SortedMap<String, String> params = new TreeMap<>();
        SortedMap<String, String> tags = new TreeMap<>();
        SortedMap<String, List<MetricPoint>> metrics = new TreeMap<>();
        for (NumberedBatch batch : batches) {
            params.put(batch.param(), batch.value());
            tags.put(batch.tag(), batch.value());
            metrics.put(batch.metric(), batch.history());
        }
        RunSnapshot killed = new RunSnapshot(
                null,
                "killed",
                null,
                RunStatus.FINISHED,
                startTime,
                endTime,
                "active",
                params,
                metrics,
                tags,
                new TreeMap<>(Map.of(ARTIFACT, ArtifactDigest.of(content))),
                new TreeMap<>());
        ExperimentSnapshot written = new ExperimentSnapshot(
                null, experiment, "active", new TreeMap<>(), new TreeMap<>(Map.of("killed", killed)));
        return new DataSnapshot(new TreeMap<>(Map.of(experiment, written)), new TreeMap<>());
    }

    private static boolean ready(Pod pod) {
        return pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static int restarts(Pod pod, String container) {
        return pod.getStatus().getContainerStatuses().stream()
                .filter(status -> status.getName().equals(container))
                .mapToInt(ContainerStatus::getRestartCount)
                .sum();
    }

    /** What the kill met: its description, the upload's answer, every batch sent, and those answered 200. */
    private record Killed(String what, String upload, List<NumberedBatch> batches, List<Integer> acknowledged) {}
}
