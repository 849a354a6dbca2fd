package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.readiness.Readiness;
import io.mlflowchart.harness.cluster.MultiNodeK3s;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.Profile;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.testcontainers.containers.Container.ExecResult;

/**
 * A node drained as an operator drains one for maintenance: {@code kubectl drain <node> --ignore-daemonsets
 * --delete-emptydir-data}, run by the kubectl of the scenario's own k3s in its server node. Drain evicts every pod of
 * the node through the Eviction API, which refuses an eviction the release's PodDisruptionBudget does not allow (drain
 * retries it), so the budget, not the harness, decides how many server pods go at once. The node drained is one that
 * runs a server pod, an agent's rather than the server's (draining the control plane's node of a one-server cluster
 * also moves CoreDNS, which says nothing about the chart). Afterwards every server pod of the node must have been
 * replaced on another node and all replicas be Ready; meanwhile the pods serving (Ready, not terminating) never fewer
 * than the budget allows. The node is uncordoned whatever happened.
 */
public final class DrainNode extends StepKind {

    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private static final Duration REPLACED = Duration.ofMinutes(3);

    private static final Duration SAMPLE = Duration.ofMillis(250);

    public DrainNode() {
        super(
                "drain-node",
                "drains the node of a server pod as an operator does (`kubectl drain --ignore-daemonsets"
                        + " --delete-emptydir-data`, which the PodDisruptionBudget holds back), then uncordons it; the"
                        + " pod must be replaced on another node, every replica Ready, and never fewer pods serving than"
                        + " the budget allows");
    }

    /** Only the prod profile runs several replicas on external storage: a dev pod's volume stays on its node. */
    @Override
    public Set<Profile> profiles() {
        return EnumSet.of(Profile.PROD);
    }

    @Override
    public String placement() {
        return "after install, on a release no destroy removed, with cluster: {nodes: 2} or more";
    }

    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        placement.whyNoNodeToSpare().ifPresent(problems::add);
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        MultiNodeK3s cluster = run.ownCluster();
        ChartRelease release = run.release();
        int replicas = run.kubernetes()
                .apps()
                .deployments()
                .inNamespace(release.namespace())
                .withName(release.layout().deployment())
                .get()
                .getSpec()
                .getReplicas();
        Map<String, String> before = nodesOf(release.serverPods());
        String node = nodeToDrain(before, cluster.serverNode());
        Optional<PodDisruptionBudget> budget = budgetOf(run, release);
        int allowedDown = budget.map(pdb -> allowedDown(pdb, replicas)).orElse(replicas);
        AtomicInteger fewestServing = new AtomicInteger(replicas);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        DrainOutput drained;
        try {
            sampler.scheduleWithFixedDelay(
                    () -> fewestServing.accumulateAndGet(serving(release.serverPods()), Math::min),
                    0,
                    SAMPLE.toMillis(),
                    TimeUnit.MILLISECONDS);
            ExecResult drain = Waits.on(
                    WaitingOn.KUBERNETES,
                    () -> cluster.kubectl(
                            "drain",
                            node,
                            "--ignore-daemonsets",
                            "--delete-emptydir-data",
                            "--timeout=" + DRAIN_TIMEOUT.toSeconds() + "s"));
            String output = drain.getStdout() + drain.getStderr();
            run.evidence().save("drain-" + node + ".txt", output);
            if (drain.getExitCode() != 0) {
                throw new StepFailure(
                        "kubectl drain " + node + " failed (exit " + drain.getExitCode() + "):\n" + output);
            }
            drained = DrainOutput.of(output);
            Waits.on(
                    WaitingOn.KUBERNETES,
                    () -> await("the server pods of " + node + " to be replaced on other nodes, all " + replicas
                                    + " Ready")
                            .atMost(REPLACED)
                            .pollInterval(Duration.ofSeconds(1))
                            .until(() -> replacedElsewhere(release.serverPods(), node, replicas)));
        } finally {
            sampler.shutdownNow();
            uncordon(cluster, node);
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000;
        Map<String, String> after = nodesOf(release.serverPods());
        if (fewestServing.get() < replicas - allowedDown) {
            throw new StepFailure("during the drain of " + node + " only " + fewestServing.get() + " of " + replicas
                    + " server pods served, fewer than the PodDisruptionBudget allows ("
                    + (replicas - allowedDown) + ")");
        }
        run.evidence()
                .note("drained " + node + " (of " + String.join(", ", cluster.readyNodes()) + ") in " + seconds
                        + " s; server pods before " + before + ", after " + after + "; drain evicted "
                        + drained.evicted() + "; evictions the budget refused (drain retried): "
                        + (drained.refusedByBudget().isEmpty() ? "none" : drained.refusedByBudget())
                        + "; fewest server pods serving during the drain: " + fewestServing.get() + " of " + replicas
                        + budget.map(pdb -> ", PodDisruptionBudget "
                                        + pdb.getMetadata().getName() + " allows " + allowedDown + " down")
                                .orElse(", no PodDisruptionBudget")
                        + "; " + node + " uncordoned");
        return null;
    }

    /**
     * The node of a server pod to drain: one that is not the server's (the control plane's) when a server pod runs on
     * an agent, the first by name otherwise.
     */
    static String nodeToDrain(Map<String, String> nodeOfPod, String serverNode) {
        return nodeOfPod.values().stream()
                .distinct()
                .min(Comparator.comparing((String node) -> node.equals(serverNode))
                        .thenComparing(Comparator.naturalOrder()))
                .orElseThrow(() -> new IllegalStateException("no server pod runs on any node"));
    }

    /** Server pods by name, to the node each runs on. */
    private static Map<String, String> nodesOf(List<Pod> pods) {
        return pods.stream()
                .filter(pod -> pod.getSpec().getNodeName() != null)
                .collect(Collectors.toMap(
                        pod -> pod.getMetadata().getName(),
                        pod -> pod.getSpec().getNodeName(),
                        (first, second) -> first,
                        TreeMap::new));
    }

    /** Pods that serve: Ready, and not being deleted (the endpoints drop a terminating pod). */
    private static int serving(List<Pod> pods) {
        return (int) pods.stream()
                .filter(pod -> pod.getMetadata().getDeletionTimestamp() == null)
                .filter(Readiness::isPodReady)
                .count();
    }

    private static boolean replacedElsewhere(List<Pod> pods, String drained, int replicas) {
        return pods.size() == replicas
                && serving(pods) == replicas
                && pods.stream().noneMatch(pod -> drained.equals(pod.getSpec().getNodeName()));
    }

    /** The release's budget: the one selecting its server pods. */
    private static Optional<PodDisruptionBudget> budgetOf(ScenarioRun run, ChartRelease release) {
        Map<String, String> labels = release.serverPodLabels();
        return run
                .kubernetes()
                .policy()
                .v1()
                .podDisruptionBudget()
                .inNamespace(release.namespace())
                .list()
                .getItems()
                .stream()
                .filter(pdb -> pdb.getSpec().getSelector() != null
                        && pdb.getSpec().getSelector().getMatchLabels() != null
                        && labels.entrySet()
                                .containsAll(pdb.getSpec()
                                        .getSelector()
                                        .getMatchLabels()
                                        .entrySet()))
                .findFirst();
    }

    /** How many of {@code replicas} pods the budget lets go at once, as the Eviction API counts it. */
    static int allowedDown(PodDisruptionBudget budget, int replicas) {
        IntOrString maxUnavailable = budget.getSpec().getMaxUnavailable();
        if (maxUnavailable != null) {
            return scaled(maxUnavailable, replicas);
        }
        IntOrString minAvailable = budget.getSpec().getMinAvailable();
        return minAvailable == null ? replicas : replicas - scaled(minAvailable, replicas);
    }

    /** An integer, or a percentage of {@code replicas} rounded up, as Kubernetes rounds both budget fields. */
    private static int scaled(IntOrString value, int replicas) {
        if (value.getIntVal() != null) {
            return value.getIntVal();
        }
        int percent = Integer.parseInt(value.getStrVal().replace("%", "").strip());
        return (replicas * percent + 99) / 100;
    }

    private static void uncordon(MultiNodeK3s cluster, String node) {
        ExecResult uncordon = cluster.kubectl("uncordon", node);
        if (uncordon.getExitCode() != 0) {
            throw new IllegalStateException(
                    "kubectl uncordon " + node + " failed: " + uncordon.getStdout() + uncordon.getStderr());
        }
    }
}
