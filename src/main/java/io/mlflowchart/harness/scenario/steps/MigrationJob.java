package io.mlflowchart.harness.scenario.steps;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.ServerLayout;
import io.mlflowchart.harness.scenario.StepFailure;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The chart's schema migration hook (this chart's {@code <release fullname>-migration}): a Job kept after it ran and labelled
 * with the Helm revision that ran it, so a run can check that each upgrade migrated once, and read why one failed.
 */
record MigrationJob(String namespace, String name) {

    static final String REVISION_LABEL = "mlflow.chart/release-revision";

    /** The Job the release's chart hooks to pre-upgrade ({@link ServerLayout}). */
    static MigrationJob of(ChartRelease release) {
        return new MigrationJob(
                release.namespace(),
                release.layout()
                        .migrationJob()
                        .orElseThrow(() -> new StepFailure("the chart of release " + release.name()
                                + " renders no Job hooked to pre-upgrade: nothing migrates the schema")));
    }

    /**
     * The Job of {@code revision} succeeded with one pod and no failed one: the schema was migrated exactly once,
     * by the hook and not by a retry.
     */
    void requireRanOnceFor(KubernetesClient client, int revision) {
        Job job = job(client);
        if (job == null) {
            throw new StepFailure("migration Job " + namespace + "/" + name
                    + " is not there after the change to revision " + revision);
        }
        requireOnePodSucceeded(client, job, Integer.toString(revision), "revision " + revision);
    }

    /**
     * The Job of {@code revision} succeeded on its second pod, after its first was killed: one failed pod, one
     * succeeded, as Kubernetes retries a crashed migration ({@code migration.backoffLimit}).
     */
    void requireRetriedOnceFor(KubernetesClient client, int revision) {
        Job job = job(client);
        if (job == null) {
            throw new StepFailure("migration Job " + namespace + "/" + name
                    + " is not there after the change to revision " + revision);
        }
        requirePods(
                client,
                job,
                new Runs(Integer.toString(revision), 1, 1, 2),
                "fail once (killed) and succeed on its retry for revision " + revision);
    }

    /**
     * After a GitOps sync, which renders every revision as Helm's revision 1: the Job is a new one (not the one of
     * uid {@code previous}, which the sync had to delete first) and succeeded with one pod and no failed one.
     */
    void requireRanOnceSince(KubernetesClient client, String previous) {
        Job job = job(client);
        if (job == null) {
            throw new StepFailure("migration Job " + namespace + "/" + name + " is not there after the sync");
        }
        if (job.getMetadata().getUid().equals(previous)) {
            throw new StepFailure("migration Job " + name + " is still the one of the previous sync (uid " + previous
                    + "): the sync did not run the migration");
        }
        requireOnePodSucceeded(client, job, job.getMetadata().getLabels().get(REVISION_LABEL), "the sync");
    }

    /** The uid of the Job there now, or null when there is none. */
    String uid(KubernetesClient client) {
        Job job = job(client);
        return job == null ? null : job.getMetadata().getUid();
    }

    private void requireOnePodSucceeded(KubernetesClient client, Job job, String revisionLabel, String change) {
        requirePods(client, job, new Runs(revisionLabel, 1, 0, 1), "run exactly once for " + change);
    }

    private void requirePods(KubernetesClient client, Job job, Runs expected, String expectation) {
        List<String> pods = pods(client).stream()
                .map(pod -> pod.getMetadata().getName() + " " + pod.getStatus().getPhase())
                .toList();
        Runs actual = new Runs(
                job.getMetadata().getLabels().get(REVISION_LABEL),
                Objects.requireNonNullElse(job.getStatus().getSucceeded(), 0),
                Objects.requireNonNullElse(job.getStatus().getFailed(), 0),
                pods.size());
        if (!actual.equals(expected)) {
            throw new StepFailure("migration Job " + name + " did not " + expectation + ": expected " + expected
                    + " but was " + actual + "; pods: " + pods);
        }
    }

    /** The Job failed: each of its pods failed and none succeeded. */
    boolean failed(KubernetesClient client) {
        Job job = job(client);
        return job != null
                && Objects.requireNonNullElse(job.getStatus().getFailed(), 0) > 0
                && Objects.requireNonNullElse(job.getStatus().getSucceeded(), 0) == 0;
    }

    /** Each pod's log by pod name, in the order the pods were created: what a reader of a failed upgrade needs first. */
    SortedMap<String, String> logs(KubernetesClient client) {
        SortedMap<String, String> logs = new TreeMap<>();
        pods(client)
                .forEach(pod -> logs.put(
                        pod.getMetadata().getName(),
                        Objects.requireNonNullElse(
                                client.pods()
                                        .inNamespace(namespace)
                                        .withName(pod.getMetadata().getName())
                                        .getLog(),
                                "")));
        return logs;
    }

    private Job job(KubernetesClient client) {
        return client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    }

    /** The Job's pods, whatever their state. */
    List<Pod> pods(KubernetesClient client) {
        return client.pods()
                .inNamespace(namespace)
                .withLabel("job-name", name)
                .list()
                .getItems();
    }

    /** What {@link #requireRanOnceFor} compares, so a mismatch prints every field at once. */
    private record Runs(String revisionLabel, int succeeded, int failed, int pods) {}
}
