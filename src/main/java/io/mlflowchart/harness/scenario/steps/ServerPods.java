package io.mlflowchart.harness.scenario.steps;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.mlflowchart.harness.scenario.ChartRelease;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The release's MLflow server pods by name, each with its containers' restarts: equal before and after a fault when
 * the server got through it on its own, without Kubernetes restarting or replacing a pod.
 */
record ServerPods(SortedMap<String, Integer> restartsByPod) {

    ServerPods {
        restartsByPod = new TreeMap<>(restartsByPod);
    }

    static ServerPods of(ChartRelease release) {
        SortedMap<String, Integer> restarts = new TreeMap<>();
        for (Pod pod : release.serverPods()) {
            List<ContainerStatus> statuses =
                    pod.getStatus() == null ? List.of() : pod.getStatus().getContainerStatuses();
            restarts.put(
                    pod.getMetadata().getName(),
                    statuses.stream().mapToInt(ContainerStatus::getRestartCount).sum());
        }
        return new ServerPods(restarts);
    }

    @Override
    public String toString() {
        return restartsByPod.entrySet().stream()
                .map(Map.Entry::getKey)
                .map(pod -> pod + " (restarts " + restartsByPod.get(pod) + ")")
                .toList()
                .toString();
    }
}
