package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.OptionalLong;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerState;

/**
 * {@link ContainerKill} on a node that runs as a container of the local Docker engine (the harness's k3s): the
 * container's host PID from containerd ({@code ctr -n k8s.io task ls}, as {@link ContainerdImageImport} talks to it),
 * then {@code kill -KILL <pid>} in the node. The PID is the container's init process: when it dies, the kernel kills
 * every other process of the container's PID namespace too (worker processes included).
 */
final class NodeProcessKill implements ContainerKill {

    private static final String RUNTIME_PREFIX = "containerd://";

    private final ContainerState node;

    NodeProcessKill(ContainerState node) {
        this.node = node;
    }

    @Override
    public String sigkill(Pod pod, String container) {
        String where =
                pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " container " + container;
        String containerId = pod.getStatus().getContainerStatuses().stream()
                .filter(status -> status.getName().equals(container))
                .map(ContainerStatus::getContainerID)
                .filter(id -> id != null && id.startsWith(RUNTIME_PREFIX))
                .map(id -> id.substring(RUNTIME_PREFIX.length()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(where + " has no running containerd container"));
        String tasks = exec("ctr", "-n", "k8s.io", "task", "ls");
        long pid = pidOf(tasks, containerId)
                .orElseThrow(() -> new IllegalStateException(where + " (" + containerId
                        + ") is not a running task of this node's containerd (on node "
                        + pod.getSpec().getNodeName() + "?): " + tasks));
        exec("kill", "-KILL", Long.toString(pid));
        return where + ": SIGKILL to host PID " + pid + " (containerd task " + containerId.substring(0, 12) + ")";
    }

    /** The PID of running task {@code containerId} in {@code ctr task ls} output (columns TASK, PID, STATUS). */
    static OptionalLong pidOf(String taskList, String containerId) {
        return taskList.lines()
                .map(String::trim)
                .map(line -> line.split("\\s+"))
                .filter(columns ->
                        columns.length >= 3 && columns[0].equals(containerId) && columns[2].equals("RUNNING"))
                .mapToLong(columns -> Long.parseLong(columns[1]))
                .findFirst();
    }

    private String exec(String... command) {
        try {
            ExecResult result = node.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " failed in the node: " + result.getStderr() + result.getStdout());
            }
            return result.getStdout();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command) + " in the node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
