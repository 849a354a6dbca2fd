package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.cluster.PodWatch;
import io.mlflowchart.harness.mlflow.ArtifactFile;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.Experiment;
import io.mlflowchart.harness.mlflow.MlflowClient;
import io.mlflowchart.harness.mlflow.MlflowException;
import io.mlflowchart.harness.mlflow.Run;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs the release's {@code mlflow gc} CronJob now, through a Job made from it as {@code kubectl create job
 * --from=cronjob/...} makes one, and waits for it. Then exactly what was deleted is gone: each deleted run (and each
 * run of a deleted experiment) is unknown to {@code runs/get}, the artifact API lists none of its files, in prod the
 * bucket holds no object under it, and every other run is still there. From then on the data must no longer hold
 * them; {@code verify} compares the rest.
 */
public final class GarbageCollect extends StepKind {

    private static final Duration JOB_TIMEOUT = Duration.ofMinutes(5);

    public GarbageCollect() {
        super(
                "garbage-collect",
                "runs the chart's mlflow gc CronJob now and checks that exactly the deleted runs are gone, rows and"
                        + " artifacts");
    }

    @Override
    public String placement() {
        return "after a delete-runs step, on a release no destroy removed";
    }

    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        if (placement.lastOf("delete-runs").isEmpty()) {
            problems.add("needs a delete-runs step before it: with nothing deleted, gc has nothing to show");
        }
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        ChartRelease release = run.release();
        KubernetesClient kubernetes = run.kubernetes();
        MlflowClient mlflow = run.mlflow();

        Map<String, Experiment> experiments =
                mlflow.experiments().stream().collect(Collectors.toMap(Experiment::experimentId, e -> e));
        List<Run> before = mlflow.runs(List.copyOf(experiments.keySet()));
        List<Run> doomed = before.stream()
                .filter(r -> deleted(r.info().lifecycleStage())
                        || deleted(experiments.get(r.info().experimentId()).lifecycleStage()))
                .toList();

        PodWatch pods = new PodWatch(kubernetes, release.namespace(), Instant.now());
        Job job = createJobFrom(gcCronJob(kubernetes, release), kubernetes);
        String name = job.getMetadata().getName();
        Job finished = awaitFinished(pods, name);
        Map<String, String> logs = logs(kubernetes, release.namespace(), name);
        logs.forEach((pod, log) -> run.evidence().save("logs/" + pod + "_gc.log", log));
        if (Objects.requireNonNullElse(finished.getStatus().getSucceeded(), 0) == 0) {
            throw new StepFailure("gc Job " + name + " failed: "
                    + finished.getStatus().getConditions() + "\n" + String.join("\n", logs.values()));
        }

        List<String> wrong = new ArrayList<>();
        for (Run gone : doomed) {
            String key = experiments.get(gone.info().experimentId()).name() + "/"
                    + gone.info().runName();
            try {
                mlflow.run(gone.id());
                wrong.add(key + " (" + gone.id() + "): runs/get still finds it");
            } catch (MlflowException e) {
                if (!"RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                    wrong.add(key + ": runs/get answered " + e.getMessage());
                }
            }
            List<String> files =
                    mlflow.artifacts(gone).stream().map(ArtifactFile::path).toList();
            if (!files.isEmpty()) {
                wrong.add(key + ": the artifact API still lists " + files);
            }
            if (release.hasBackends()) {
                String prefix = gone.info().experimentId() + "/" + gone.id() + "/";
                List<String> objects =
                        run.servers().objectStore().listKeys(release.backends().bucket(), prefix);
                if (!objects.isEmpty()) {
                    wrong.add(key + ": bucket " + release.backends().bucket() + " still holds " + objects);
                }
            }
        }
        Set<String> kept = ids(before);
        kept.removeAll(ids(doomed));
        List<String> liveExperiments =
                mlflow.experiments().stream().map(Experiment::experimentId).toList();
        Set<String> after = ids(mlflow.runs(liveExperiments));
        if (!after.equals(kept)) {
            Set<String> missing = new TreeSet<>(kept);
            missing.removeAll(after);
            Set<String> extra = new TreeSet<>(after);
            extra.removeAll(kept);
            wrong.add("runs that were not deleted changed: gone " + missing + ", unknown " + extra);
        }
        if (!wrong.isEmpty()) {
            throw new StepFailure("mlflow gc (Job " + name + ") did not remove exactly the " + doomed.size()
                    + " deleted runs:\n  " + String.join("\n  ", wrong));
        }
        run.evidence().note("gc Job " + name + " removed " + doomed.size() + " deleted runs, rows and artifacts");
        run.expected().garbageCollected();
        return run.expected().current().counts();
    }

    private static boolean deleted(String lifecycleStage) {
        return DataSnapshot.DELETED.equals(lifecycleStage);
    }

    private static Set<String> ids(List<Run> runs) {
        return runs.stream().map(Run::id).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The one CronJob of the release's namespace whose container runs {@code mlflow gc}. */
    private static CronJob gcCronJob(KubernetesClient kubernetes, ChartRelease release) {
        List<CronJob> gc =
                kubernetes.batch().v1().cronjobs().inNamespace(release.namespace()).list().getItems().stream()
                        .filter(cronJob ->
                                cronJob
                                        .getSpec()
                                        .getJobTemplate()
                                        .getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .stream()
                                        .anyMatch(GarbageCollect::runsMlflowGc))
                        .toList();
        if (gc.size() != 1) {
            throw new StepFailure("expected one CronJob running `mlflow gc` in " + release.namespace() + ", found "
                    + gc.stream().map(c -> c.getMetadata().getName()).toList()
                    + ": does the scenario's values set gc.enabled=true?");
        }
        return gc.get(0);
    }

    private static boolean runsMlflowGc(Container container) {
        List<String> line = new ArrayList<>(Objects.requireNonNullElse(container.getCommand(), List.of()));
        line.addAll(Objects.requireNonNullElse(container.getArgs(), List.of()));
        return line.size() >= 2 && line.get(0).endsWith("mlflow") && line.get(1).equals("gc");
    }

    /** What {@code kubectl create job --from=cronjob/<name>} creates: the template, marked manual, owned by the CronJob. */
    private static Job createJobFrom(CronJob cronJob, KubernetesClient kubernetes) {
        var template = cronJob.getSpec().getJobTemplate();
        Map<String, String> annotations =
                new HashMap<>(Objects.requireNonNullElse(template.getMetadata().getAnnotations(), Map.of()));
        annotations.put("cronjob.kubernetes.io/instantiate", "manual");
        Job job = new JobBuilder()
                .withNewMetadata()
                .withName(cronJob.getMetadata().getName() + "-manual-" + System.currentTimeMillis() / 1000)
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(template.getMetadata().getLabels())
                .withAnnotations(annotations)
                .addNewOwnerReference()
                .withApiVersion("batch/v1")
                .withKind("CronJob")
                .withName(cronJob.getMetadata().getName())
                .withUid(cronJob.getMetadata().getUid())
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withSpec(template.getSpec())
                .build();
        return kubernetes.batch().v1().jobs().resource(job).create();
    }

    private static Job awaitFinished(PodWatch pods, String name) {
        String waitingFor = "gc Job " + pods.namespace() + "/" + name + " to finish";
        return Waits.on(
                WaitingOn.KUBERNETES,
                () -> await(waitingFor)
                        .atMost(JOB_TIMEOUT)
                        .pollInterval(Duration.ofSeconds(1))
                        .until(
                                pods.checking(
                                        waitingFor,
                                        () -> pods.client()
                                                .batch()
                                                .v1()
                                                .jobs()
                                                .inNamespace(pods.namespace())
                                                .withName(name)
                                                .get()),
                                job -> job != null
                                        && job.getStatus() != null
                                        && Objects.requireNonNullElse(
                                                        job.getStatus().getConditions(), List.<JobCondition>of())
                                                .stream()
                                                .anyMatch(c ->
                                                        ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                                                && "True".equals(c.getStatus()))));
    }

    /** Each of the Job's pods' log, by pod name. */
    private static Map<String, String> logs(KubernetesClient kubernetes, String namespace, String job) {
        Map<String, String> logs = new HashMap<>();
        for (Pod pod : kubernetes
                .pods()
                .inNamespace(namespace)
                .withLabel("job-name", job)
                .list()
                .getItems()) {
            String name = pod.getMetadata().getName();
            logs.put(
                    name,
                    Objects.requireNonNullElse(
                            kubernetes
                                    .pods()
                                    .inNamespace(namespace)
                                    .withName(name)
                                    .getLog(),
                            ""));
        }
        return logs;
    }
}
