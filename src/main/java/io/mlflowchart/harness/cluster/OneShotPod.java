package io.mlflowchart.harness.cluster;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A pod that runs one command to completion; {@link #run} returns its outcome and output and deletes it.
 * <pre>{@code
 * PodOutcome out = new OneShotPod("probe", "busybox:1.37").command("sh", "-c", "echo hi").run(client, "ns");
 * }</pre>
 */
public final class OneShotPod {

    private final String name;

    private final String image;

    private final List<String> command = new ArrayList<>();

    private final List<EnvVar> env = new ArrayList<>();

    private final List<Volume> volumes = new ArrayList<>();

    private final List<VolumeMount> mounts = new ArrayList<>();

    private Duration timeout = Duration.ofMinutes(3);

    public OneShotPod(String name, String image) {
        this.name = name;
        this.image = image;
    }

    public OneShotPod command(String... command) {
        this.command.addAll(List.of(command));
        return this;
    }

    public OneShotPod env(Map<String, String> variables) {
        variables.forEach((key, value) -> env.add(new EnvVar(key, value, null)));
        return this;
    }

    public OneShotPod withClaim(String claim, String mountPath) {
        volumes.add(new VolumeBuilder()
                .withName(claim)
                .withNewPersistentVolumeClaim()
                .withClaimName(claim)
                .endPersistentVolumeClaim()
                .build());
        mounts.add(new VolumeMountBuilder()
                .withName(claim)
                .withMountPath(mountPath)
                .build());
        return this;
    }

    public OneShotPod timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    /** Creates the pod, waits until it has finished and deletes it: the whole of it is waiting on Kubernetes. */
    public PodOutcome run(KubernetesClient client, String namespace) {
        return Waits.on(WaitingOn.KUBERNETES, () -> runToCompletion(client, namespace));
    }

    private PodOutcome runToCompletion(KubernetesClient client, String namespace) {
        Pod pod = new PodBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .addNewContainer()
                .withName("main")
                .withImage(image)
                .withImagePullPolicy("IfNotPresent")
                .withCommand(command)
                .withEnv(env)
                .withVolumeMounts(mounts)
                .endContainer()
                .withVolumes(volumes)
                .endSpec()
                .build();
        var resource = client.pods().inNamespace(namespace).resource(pod);
        PodWatch pods = new PodWatch(client, namespace, Instant.now());
        resource.create();
        try {
            String waitingFor = "pod " + namespace + "/" + name + " to finish";
            Pod finished = await(waitingFor)
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(500))
                    .until(
                            pods.checking(waitingFor, resource::get),
                            current -> current != null
                                    && isTerminal(current.getStatus().getPhase()));
            return new PodOutcome(finished.getStatus().getPhase(), resource.getLog());
        } finally {
            resource.withGracePeriod(0).delete();
        }
    }

    private static boolean isTerminal(String phase) {
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    /** How a one-shot pod ended and what it printed. */
    public record PodOutcome(String phase, String log) {

        public boolean succeeded() {
            return "Succeeded".equals(phase);
        }
    }
}
