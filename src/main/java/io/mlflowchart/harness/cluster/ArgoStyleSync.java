package io.mlflowchart.harness.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.helm.ArgoSyncPlan;
import io.mlflowchart.harness.helm.ArgoSyncPlan.DeletePolicy;
import io.mlflowchart.harness.helm.ArgoSyncPlan.Entry;
import io.mlflowchart.harness.helm.ArgoSyncPlan.Wave;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies an {@link ArgoSyncPlan} to a namespace as Argo CD's sync does, without Argo CD and without a Helm release:
 * phase by phase and wave by wave, a hook with BeforeHookCreation deleted before it is created again, every object
 * applied (created, or patched server-side), then the wave awaited before the next one: hook Jobs and Pods until they
 * complete, claims until bound, Deployments until rolled out (the last wave's resources are not awaited, as in Argo
 * CD). Once every wave passed, hooks with HookSucceeded are deleted; when a hook fails, the sync stops and hooks with
 * HookFailed are deleted. Left out: pruning objects the chart no longer renders, and Argo CD's tracking labels.
 */
public final class ArgoStyleSync {

    private final KubernetesClient client;

    private final String namespace;

    private final Duration waveTimeout;

    public ArgoStyleSync(KubernetesClient client, String namespace, Duration waveTimeout) {
        this.client = client;
        this.namespace = namespace;
        this.waveTimeout = waveTimeout;
    }

    /** Runs the sync; throws {@link SyncFailed} when a hook failed, after deleting the hooks that say HookFailed. */
    public void apply(ArgoSyncPlan plan) {
        List<Entry> hooksRun = new ArrayList<>();
        List<Wave> waves = plan.waves();
        for (int i = 0; i < waves.size(); i++) {
            Wave wave = waves.get(i);
            for (Entry entry : wave.entries()) {
                if (entry.hook() && entry.deletePolicies().contains(DeletePolicy.BEFORE_HOOK_CREATION)) {
                    deleteAndAwaitGone(entry.object());
                }
                apply(entry.object());
                if (entry.hook()) {
                    hooksRun.add(entry);
                }
            }
            boolean lastWave = i == waves.size() - 1;
            try {
                for (Entry entry : wave.entries()) {
                    if (entry.hook() || !lastWave) {
                        awaitDone(wave, entry);
                    }
                }
            } catch (SyncFailed failed) {
                deleteHooks(hooksRun, DeletePolicy.HOOK_FAILED);
                throw failed;
            }
        }
        deleteHooks(hooksRun, DeletePolicy.HOOK_SUCCEEDED);
    }

    /** As {@code kubectl apply}: created when absent, else patched (server-side). */
    private void apply(HasMetadata object) {
        var resource = client.resource(object).inNamespace(namespace);
        if (resource.get() == null) {
            resource.create();
        } else {
            resource.forceConflicts().serverSideApply();
        }
    }

    private void awaitDone(Wave wave, Entry entry) {
        await(entry.id() + " of " + wave.phase() + " wave " + wave.number() + " in " + namespace)
                .atMost(waveTimeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> done(entry));
    }

    /** Argo CD's verdict on one object: a hook's operation state, a resource's health. */
    private boolean done(Entry entry) {
        HasMetadata live =
                client.resource(entry.object()).inNamespace(namespace).get();
        if (live == null) {
            return false;
        }
        if (live instanceof Job job) {
            if (job.getStatus() == null) {
                return false;
            }
            int failed = Objects.requireNonNullElse(job.getStatus().getFailed(), 0);
            boolean failedForGood = job.getStatus().getConditions().stream()
                    .anyMatch(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()));
            if (failedForGood) {
                throw new SyncFailed(entry.id() + " failed (" + failed + " failed pod(s))");
            }
            return Objects.requireNonNullElse(job.getStatus().getSucceeded(), 0) > 0;
        }
        if (live instanceof Pod pod && entry.hook()) {
            if (pod.getStatus() == null) {
                return false;
            }
            if ("Failed".equals(pod.getStatus().getPhase())) {
                throw new SyncFailed(entry.id() + " failed: " + pod.getStatus().getMessage());
            }
            return "Succeeded".equals(pod.getStatus().getPhase());
        }
        if (live instanceof PersistentVolumeClaim claim) {
            return claim.getStatus() != null && "Bound".equals(claim.getStatus().getPhase());
        }
        if (live instanceof Deployment deployment) {
            return Rollout.isComplete(deployment);
        }
        return true;
    }

    private void deleteHooks(List<Entry> hooks, DeletePolicy policy) {
        hooks.stream()
                .filter(hook -> hook.deletePolicies().contains(policy))
                .forEach(hook -> client.resource(hook.object())
                        .inNamespace(namespace)
                        .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                        .delete());
    }

    /** Foreground: a Job is gone only with its pods, so the next run's pods are the only ones left. */
    private void deleteAndAwaitGone(HasMetadata object) {
        client.resource(object)
                .inNamespace(namespace)
                .withPropagationPolicy(DeletionPropagation.FOREGROUND)
                .delete();
        await("old hook " + object.getKind() + "/" + object.getMetadata().getName() + " to be deleted")
                .atMost(waveTimeout)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.resource(object).inNamespace(namespace).get() == null);
    }

    /** A hook failed, so Argo CD would mark the sync failed and apply nothing after it. */
    public static final class SyncFailed extends RuntimeException {

        SyncFailed(String message) {
            super(message);
        }
    }
}
