package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.Run;
import io.mlflowchart.harness.mlflow.RunStatus;
import io.mlflowchart.harness.mlflow.SlowUpload;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Uploads that take longer than the probes' patience must neither pull the server out of its Service nor get it
 * restarted: four artifact uploads, each trickling its bytes over 45 s (the default readiness probe gives up after
 * 3 x 10 s), run at once while the step watches the server pods. MLflow 2.x's sync gunicorn workers each hold one
 * request, so slow uploads on every worker used to starve {@code /health}. Afterwards the files must be whole: the
 * step adds them to the data the scenario expects, and the next {@code verify} compares them byte for byte.
 */
public final class SlowUploads extends StepKind {

    private static final String EXPERIMENT = "slow-uploads";

    private static final int UPLOADS = 4;

    private static final int PIECES = 45;

    private static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final int SIZE = 256 * 1024;

    public SlowUploads() {
        super(
                "slow-uploads",
                "uploads 4 artifacts at once, each over 45 s; the server pods must stay ready and never restart");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        MlflowClient mlflow = run.mlflow();
        long startTime = System.currentTimeMillis();
        Run created = mlflow.createRun(mlflow.createExperiment(EXPERIMENT, Map.of()), "slow", startTime, Map.of());
        Map<String, byte[]> contents = new TreeMap<>();
        Random random = new Random(SIZE);
        for (int i = 1; i <= UPLOADS; i++) {
            byte[] content = new byte[SIZE];
            random.nextBytes(content);
            contents.put("slow/upload-" + i + ".bin", content);
        }
        Map<String, Integer> restartsBefore = restarts(run.release().serverPods());
        Map<String, Long> troubleFirstSeen = new LinkedHashMap<>();
        Instant began = Instant.now();
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        List<CompletableFuture<HttpResponse<String>>> uploads = new ArrayList<>();
        try {
            contents.forEach((path, content) ->
                    uploads.add(SlowUpload.start(mlflow.artifactUrl(created, path), content, PIECES, INTERVAL, pace)));
            // The uploads' requests run on their own threads: the step waits on MLflow for all of them, counted here.
            Waits.on(
                    WaitingOn.MLFLOW,
                    () -> await("the slow uploads to finish")
                            .atMost(INTERVAL.multipliedBy(PIECES).plusMinutes(2))
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> {
                                long second =
                                        Duration.between(began, Instant.now()).toSeconds();
                                troubleNow(run.release().serverPods(), restartsBefore)
                                        .forEach(trouble -> troubleFirstSeen.putIfAbsent(trouble, second));
                                return uploads.stream().allMatch(CompletableFuture::isDone);
                            }));
        } finally {
            pace.shutdownNow();
        }
        List<String> problems = new ArrayList<>();
        troubleFirstSeen.forEach((trouble, second) -> problems.add(trouble + ", first seen at " + second + " s"));
        List<String> paths = List.copyOf(contents.keySet());
        for (int i = 0; i < uploads.size(); i++) {
            try {
                HttpResponse<String> answer = uploads.get(i).join();
                if (answer.statusCode() != 200) {
                    problems.add("upload of " + paths.get(i) + ": HTTP " + answer.statusCode() + " " + answer.body());
                }
            } catch (RuntimeException e) {
                problems.add("upload of " + paths.get(i) + ": " + e.getCause());
            }
        }
        if (!problems.isEmpty()) {
            throw new StepFailure(
                    "while " + UPLOADS + " uploads took " + PIECES + " s each:\n  " + String.join("\n  ", problems));
        }
        long endTime = System.currentTimeMillis();
        mlflow.updateRun(created.id(), RunStatus.FINISHED, endTime);
        run.expected().add(written(contents, startTime, endTime));
        return run.expected().current().counts();
    }

    private static Map<String, Integer> restarts(List<Pod> pods) {
        Map<String, Integer> restarts = new TreeMap<>();
        for (Pod pod : pods) {
            restarts.put(
                    pod.getMetadata().getName(),
                    pod.getStatus().getContainerStatuses().stream()
                            .mapToInt(ContainerStatus::getRestartCount)
                            .sum());
        }
        return restarts;
    }

    /** Pods that are not ready, restarted, or new (a replaced pod). */
    private static List<String> troubleNow(List<Pod> pods, Map<String, Integer> restartsBefore) {
        List<String> trouble = new ArrayList<>();
        restarts(pods).forEach((pod, count) -> {
            Integer before = restartsBefore.get(pod);
            if (before == null) {
                trouble.add("pod " + pod + " appeared (a server pod was replaced)");
            } else if (count > before) {
                trouble.add("pod " + pod + " restarted");
            }
        });
        for (Pod pod : pods) {
            boolean ready = pod.getStatus().getConditions().stream()
                    .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
            if (!ready) {
                trouble.add("pod " + pod.getMetadata().getName() + " not ready (out of the Service)");
            }
        }
        return trouble;
    }

    private static DataSnapshot written(Map<String, byte[]> contents, long startTime, long endTime) {
        TreeMap<String, ArtifactDigest> artifacts = new TreeMap<>();
        contents.forEach((path, content) -> artifacts.put(path, ArtifactDigest.of(content)));
        RunSnapshot slow = new RunSnapshot(
                null,
                "slow",
                null,
                RunStatus.FINISHED,
                startTime,
                endTime,
                "active",
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                artifacts,
                new TreeMap<>());
        ExperimentSnapshot experiment = new ExperimentSnapshot(
                null, EXPERIMENT, "active", new TreeMap<>(), new TreeMap<>(Map.of("slow", slow)));
        return new DataSnapshot(new TreeMap<>(Map.of(EXPERIMENT, experiment)), new TreeMap<>());
    }
}
