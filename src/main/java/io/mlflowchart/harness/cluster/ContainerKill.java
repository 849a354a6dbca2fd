package io.mlflowchart.harness.cluster;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * SIGKILL of a running container's process, delivered on its node as the kernel's OOM killer or a crash delivers it:
 * no SIGTERM first, no grace period, no preStop hook. The kubelet then sees the container die (exit 137) and restarts it
 * in the same pod. {@code kubectl delete pod --grace-period=0 --force} is not that: it removes the pod from the API at
 * once, but the kubelet still stops the container with SIGTERM and a grace period of its own.
 */
@FunctionalInterface
public interface ContainerKill {

    /** Kills the main process of {@code container} of {@code pod} with SIGKILL; returns what was killed, for the report. */
    String sigkill(Pod pod, String container);
}
