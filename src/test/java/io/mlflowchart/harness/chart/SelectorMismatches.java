package io.mlflowchart.harness.chart;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Selectors meant for the server's pods (the Deployment's, the Service's, PodDisruptionBudgets', NetworkPolicies', the
 * server's pod anti-affinity, the migration Job's and the gc CronJob's pod affinity) that miss them or also select another workload's
 * pods. Each reads {@code <selector> {labels} misses the server pods {labels}} or
 * {@code <selector> {labels} also selects non-server pod {labels}}.
 */
final class SelectorMismatches {

    private SelectorMismatches() {}

    static List<String> in(RenderedChart chart) {
        Deployment server = chart.only(Deployment.class);
        Map<String, String> serverPods =
                server.getSpec().getTemplate().getMetadata().getLabels();
        List<Map<String, String>> otherPods = Workload.all(chart).stream()
                .filter(w -> !(w.owner() instanceof Deployment))
                .map(Workload::podLabels)
                .toList();
        Map<String, LabelSelector> selectors = new LinkedHashMap<>();
        selectors.put("Deployment selector", server.getSpec().getSelector());
        selectors.put(
                "Service selector",
                new LabelSelector(List.of(), chart.only(Service.class).getSpec().getSelector()));
        chart.all(PodDisruptionBudget.class)
                .forEach(pdb -> selectors.put(
                        "PodDisruptionBudget selector", pdb.getSpec().getSelector()));
        chart.all(NetworkPolicy.class)
                .forEach(np ->
                        selectors.put("NetworkPolicy podSelector", np.getSpec().getPodSelector()));
        Optional.ofNullable(server.getSpec().getTemplate().getSpec().getAffinity())
                .map(a -> a.getPodAntiAffinity())
                .ifPresent(anti -> anti.getPreferredDuringSchedulingIgnoredDuringExecution()
                        .forEach(t -> selectors.put(
                                "podAntiAffinity labelSelector",
                                t.getPodAffinityTerm().getLabelSelector())));
        // The SQLite migration Job seeks the server's node, where the ReadWriteOnce claim is attached.
        Optional.ofNullable(
                        chart.only(Job.class).getSpec().getTemplate().getSpec().getAffinity())
                .map(a -> a.getPodAffinity())
                .ifPresent(affinity -> affinity.getPreferredDuringSchedulingIgnoredDuringExecution()
                        .forEach(t -> selectors.put(
                                "migration Job podAffinity labelSelector",
                                t.getPodAffinityTerm().getLabelSelector())));
        // The SQLite gc CronJob must run on the server's node for the same reason.
        chart.all(CronJob.class).stream()
                .map(c -> c.getSpec()
                        .getJobTemplate()
                        .getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity())
                .filter(Objects::nonNull)
                .map(a -> a.getPodAffinity())
                .filter(Objects::nonNull)
                .forEach(affinity -> affinity.getRequiredDuringSchedulingIgnoredDuringExecution()
                        .forEach(t -> selectors.put("gc CronJob podAffinity labelSelector", t.getLabelSelector())));

        List<String> wrong = new ArrayList<>();
        selectors.forEach((what, selector) -> {
            if (!selects(selector, serverPods)) {
                wrong.add(what + " " + selector.getMatchLabels() + " misses the server pods " + serverPods);
            }
            otherPods.stream()
                    .filter(pod -> selects(selector, pod))
                    .forEach(pod ->
                            wrong.add(what + " " + selector.getMatchLabels() + " also selects non-server pod " + pod));
        });
        return wrong;
    }

    /** matchLabels only: the chart uses no matchExpressions, and a selector without labels would select everything. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> matchLabels = Objects.requireNonNullElse(selector.getMatchLabels(), Map.of());
        return Objects.requireNonNullElse(selector.getMatchExpressions(), List.of())
                        .isEmpty()
                && !matchLabels.isEmpty()
                && labels.entrySet().containsAll(matchLabels.entrySet());
    }
}
