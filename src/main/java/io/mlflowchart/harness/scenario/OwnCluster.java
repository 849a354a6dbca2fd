package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.cluster.KubernetesCluster;
import java.util.List;

/**
 * {@code cluster: {nodes: N}} in a scenario file: a k3s of the scenario's own, a server and {@code nodes - 1} agents,
 * started for it alone and removed when it ends. A step that drains a node evicts every pod on it, so it may not run
 * on the cluster the other scenarios share. {@code line}: where the file says so, for a refusal.
 */
public record OwnCluster(int nodes, int line) {

    /** A server and one agent: enough to drain one node while the other serves; more only cost memory. */
    static final int FEWEST_NODES = 2;

    static final int MOST_NODES = 3;

    /**
     * Refuses, before anything starts, a run on a cluster the user gave ({@code cluster=kubeconfig:...}) that selects a
     * scenario with a cluster of its own: the harness cannot start nodes there, and draining a node of the user's
     * cluster would evict every pod on it, other workloads' included, where the harness otherwise touches nothing but
     * the namespaces named after its scenarios.
     */
    static void requireHarnessCluster(List<Scenario> selected, String clusterSetting) {
        if (!clusterSetting.startsWith(KubernetesCluster.KUBECONFIG_PREFIX)) {
            return;
        }
        List<Problem> problems = selected.stream()
                .filter(scenario -> scenario.cluster().isPresent())
                .map(scenario -> new Problem(
                        scenario.file().toString(),
                        scenario.cluster().get().line(),
                        "cluster",
                        "a k3s of the scenario's own needs " + KubernetesCluster.SETTING.name()
                                + "=k3s; this run is on " + KubernetesCluster.SETTING.name() + "=" + clusterSetting
                                + ", where the harness starts no nodes, and draining a node of that cluster would"
                                + " evict every pod on it, other workloads' included. Leave " + scenario.name()
                                + " out of -D" + ScenarioSelection.SETTING.name() + "=, or run it on cluster=k3s."))
                .toList();
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
    }
}
