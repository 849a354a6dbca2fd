package io.mlflowchart.harness.scenario.steps;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.cluster.HttpFromPod;
import io.mlflowchart.harness.cluster.HttpFromPod.Answer;
import io.mlflowchart.harness.cluster.HttpFromPod.Target;
import io.mlflowchart.harness.cluster.ServiceAccess;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.ServerLayout;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's API answers every way a workload in the cluster reaches it, each with the Host header that way carries:
 * the Service's names, its cluster IP, each server pod's IP, and each node port a Service of the namespace opens to
 * the server pods. MLflow 3.x refuses Host headers outside its allowed hosts with 403 while {@code /health} stays
 * green, so only a real API call from inside the cluster shows whether a way in works.
 */
public final class ReachServer extends StepKind {

    private static final Logger LOG = LoggerFactory.getLogger(ReachServer.class);

    private static final String API_CALL = "/api/2.0/mlflow/experiments/search?max_results=1";

    public ReachServer() {
        super(
                "reach-server",
                "calls MLflow's API from a pod by every way in (Service names, cluster IP, pod IPs, node ports); each must answer 200");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        KubernetesClient client = run.kubernetes();
        String namespace = run.release().namespace();
        ServerLayout layout = run.release().layout();
        List<Pod> pods = client.pods().inNamespace(namespace).withLabels(layout.podLabels()).list().getItems().stream()
                .filter(pod -> "Running".equals(pod.getStatus().getPhase()))
                .toList();
        if (pods.isEmpty()) {
            throw new StepFailure(
                    "no running server pod in " + namespace + " to reach (labels " + layout.podLabels() + ")");
        }
        Service service = client.services()
                .inNamespace(namespace)
                .withName(layout.service())
                .get();
        List<Target> targets = targets(client, namespace, layout, service, pods);
        String image = ServerPort.of(
                        pods.get(0),
                        ServiceAccess.portOf(service, layout.port()).getTargetPort())
                .image();
        List<Answer> answers = new HttpFromPod(client, namespace, image).get(targets);
        answers.forEach(answer -> LOG.info("reach-server: {}", answer));
        List<Answer> refused = answers.stream().filter(answer -> !answer.ok()).toList();
        if (!refused.isEmpty()) {
            throw new StepFailure(refused.size() + " of " + answers.size()
                    + " ways in to MLflow did not answer 200 from inside the cluster:\n  "
                    + String.join("\n  ", refused.stream().map(Answer::toString).toList()));
        }
        return null;
    }

    private static List<Target> targets(
            KubernetesClient client, String namespace, ServerLayout layout, Service service, List<Pod> pods) {
        String name = layout.service();
        int port = layout.port();
        List<Target> targets = new ArrayList<>();
        for (String host : List.of(name, name + "." + namespace, name + "." + namespace + ".svc")) {
            targets.add(new Target("Service name", "http://" + host + ":" + port + API_CALL));
        }
        targets.add(new Target("cluster IP", "http://" + service.getSpec().getClusterIP() + ":" + port + API_CALL));
        ServicePort servicePort = ServiceAccess.portOf(service, port);
        for (Pod pod : pods) {
            int containerPort = ServerPort.of(pod, servicePort.getTargetPort()).port();
            targets.add(new Target(
                    "pod IP (" + pod.getMetadata().getName() + ")",
                    "http://" + pod.getStatus().getPodIP() + ":" + containerPort + API_CALL));
        }
        List<String> nodeAddresses = client.nodes().list().getItems().stream()
                .flatMap(node -> node.getStatus().getAddresses().stream())
                .filter(address -> "InternalIP".equals(address.getType()))
                .map(NodeAddress::getAddress)
                .toList();
        for (Service other : client.services().inNamespace(namespace).list().getItems()) {
            if (!selects(other, pods.get(0))) {
                continue;
            }
            for (ServicePort exposed : other.getSpec().getPorts()) {
                if (exposed.getNodePort() == null) {
                    continue;
                }
                for (String address : nodeAddresses) {
                    targets.add(new Target(
                            "node port (Service " + other.getMetadata().getName() + ")",
                            "http://" + address + ":" + exposed.getNodePort() + API_CALL));
                }
            }
        }
        return targets;
    }

    private static boolean selects(Service service, Pod pod) {
        Map<String, String> selector = service.getSpec().getSelector();
        return selector != null
                && !selector.isEmpty()
                && pod.getMetadata().getLabels().entrySet().containsAll(selector.entrySet());
    }

    /** The image and port of the container behind the Service's target port, named or numbered. */
    private record ServerPort(String image, int port) {

        static ServerPort of(Pod pod, IntOrString target) {
            for (Container container : pod.getSpec().getContainers()) {
                for (ContainerPort candidate : container.getPorts()) {
                    if (target.getStrVal() != null
                            ? target.getStrVal().equals(candidate.getName())
                            : target.getIntVal().equals(candidate.getContainerPort())) {
                        return new ServerPort(container.getImage(), candidate.getContainerPort());
                    }
                }
            }
            throw new IllegalStateException("pod " + pod.getMetadata().getName() + " has no container port " + target);
        }
    }
}
