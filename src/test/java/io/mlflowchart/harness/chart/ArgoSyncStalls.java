package io.mlflowchart.harness.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.mlflowchart.harness.helm.ArgoSyncPlan;
import io.mlflowchart.harness.helm.ArgoSyncPlan.Entry;
import io.mlflowchart.harness.helm.ArgoSyncPlan.Wave;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What would stall or misorder Argo CD's sync of a chart rendered with {@code helm template} ({@link ArgoSyncPlan}):
 * a hook that reads a claim, Secret or ConfigMap applied only in a later wave (its pod waits forever, and the sync),
 * a claim in a wave before the last that no pod of that wave mounts (a WaitForFirstConsumer claim stays Pending, and
 * Argo CD waits for it to be bound), a hook Job that runs no earlier than the server it prepares.
 */
final class ArgoSyncStalls {

    private ArgoSyncStalls() {}

    static List<String> in(RenderedChart chart) {
        ArgoSyncPlan plan = ArgoSyncPlan.of(chart);
        List<String> stalls = new ArrayList<>();
        List<Wave> waves = plan.waves();
        for (int i = 0; i < waves.size(); i++) {
            Wave wave = waves.get(i);
            for (Entry entry : wave.entries()) {
                if (entry.hook()) {
                    for (String read : reads(entry.object())) {
                        int readAt = index(plan, read);
                        if (readAt > i) {
                            stalls.add(entry.id() + " (" + wave + ") reads " + read + ", applied only in "
                                    + waves.get(readAt).phase() + " wave "
                                    + waves.get(readAt).number());
                        }
                    }
                }
                if (entry.object() instanceof PersistentVolumeClaim claim
                        && i < waves.size() - 1
                        && wave.entries().stream()
                                .noneMatch(other -> reads(other.object())
                                        .contains("PersistentVolumeClaim/"
                                                + claim.getMetadata().getName()))) {
                    stalls.add(entry.id() + " is applied in " + wave.phase() + " wave " + wave.number()
                            + " but no pod of that wave mounts it: with a WaitForFirstConsumer class it stays Pending"
                            + " and the sync never reaches the next wave");
                }
            }
        }
        int server = chart.all(Deployment.class).stream()
                .mapToInt(d -> index(plan, "Deployment/" + d.getMetadata().getName()))
                .min()
                .orElse(Integer.MAX_VALUE);
        for (int i = 0; i < waves.size(); i++) {
            for (Entry entry : waves.get(i).entries()) {
                if (entry.hook() && entry.object() instanceof Job && i >= server) {
                    stalls.add(entry.id() + " runs in " + waves.get(i).phase() + " wave "
                            + waves.get(i).number() + ", not before the server Deployment (" + waves.get(server) + ")");
                }
            }
        }
        return stalls;
    }

    /** Index of the wave that applies the object {@code Kind/name}, or -1 when none does (not the chart's). */
    private static int index(ArgoSyncPlan plan, String id) {
        for (int i = 0; i < plan.waves().size(); i++) {
            if (plan.waves().get(i).entries().stream().anyMatch(e -> e.id().equals(id))) {
                return i;
            }
        }
        return -1;
    }

    /** The claims, Secrets and ConfigMaps a pod-running object mounts or reads, as {@code Kind/name}. */
    private static List<String> reads(HasMetadata object) {
        PodSpec pod = null;
        if (object instanceof Job job) {
            pod = job.getSpec().getTemplate().getSpec();
        } else if (object instanceof Pod bare) {
            pod = bare.getSpec();
        } else if (object instanceof Deployment deployment) {
            pod = deployment.getSpec().getTemplate().getSpec();
        }
        if (pod == null) {
            return List.of();
        }
        Stream<String> volumes = Optional.ofNullable(pod.getVolumes()).orElse(List.of()).stream()
                .flatMap(v -> Stream.of(
                        v.getPersistentVolumeClaim() == null
                                ? null
                                : "PersistentVolumeClaim/"
                                        + v.getPersistentVolumeClaim().getClaimName(),
                        v.getSecret() == null ? null : "Secret/" + v.getSecret().getSecretName(),
                        v.getConfigMap() == null
                                ? null
                                : "ConfigMap/" + v.getConfigMap().getName()));
        Stream<String> env = Stream.concat(pod.getContainers().stream(), pod.getInitContainers().stream())
                .flatMap(c -> Optional.ofNullable(c.getEnv()).orElse(List.of()).stream())
                .filter(e -> e.getValueFrom() != null)
                .flatMap(e -> Stream.of(
                        e.getValueFrom().getSecretKeyRef() == null
                                ? null
                                : "Secret/" + e.getValueFrom().getSecretKeyRef().getName(),
                        e.getValueFrom().getConfigMapKeyRef() == null
                                ? null
                                : "ConfigMap/"
                                        + e.getValueFrom().getConfigMapKeyRef().getName()));
        return Stream.concat(volumes, env).filter(Objects::nonNull).distinct().toList();
    }
}
