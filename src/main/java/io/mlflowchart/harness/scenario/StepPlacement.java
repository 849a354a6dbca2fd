package io.mlflowchart.harness.scenario;

import java.util.List;
import java.util.Optional;

/**
 * Where a step stands in its scenario, for the rules of order its kind checks: the profile, where its backends run
 * (null when the file gets that wrong), the steps before it and the cluster of its own, if it has one.
 */
public record StepPlacement(Profile profile, Backends backends, List<Step> before, Optional<OwnCluster> cluster) {

    public StepPlacement {
        before = List.copyOf(before);
    }

    /** The last step of one of {@code kinds} before this one. */
    public Optional<Step> lastOf(String... kinds) {
        List<String> wanted = List.of(kinds);
        for (int i = before.size() - 1; i >= 0; i--) {
            if (wanted.contains(before.get(i).name())) {
                return Optional.of(before.get(i));
            }
        }
        return Optional.empty();
    }

    /**
     * Why no release is there to act on at this point, if none is: no install before this step, or a destroy since
     * that no restore into a fresh release undid.
     */
    public Optional<String> whyNoRelease() {
        if (lastOf("install").isEmpty()) {
            return Optional.of("needs an install step before it");
        }
        Optional<Step> destroy = lastOf("destroy");
        Optional<Step> freshRestore = before.stream()
                .filter(step -> step.name().equals("restore") && "fresh-release".equals(step.text("into")))
                .reduce((first, second) -> second);
        if (destroy.isPresent()
                && (freshRestore.isEmpty()
                        || freshRestore.get().line() < destroy.get().line())) {
            return Optional.of("the destroy step at line " + destroy.get().line() + " removed the release; restore "
                    + "into: fresh-release first");
        }
        return Optional.empty();
    }

    /**
     * Why the scenario's PostgreSQL and S3 store are not its own, if they are not: a step that restarts or stops them
     * would break every other scenario running on the shared ones.
     */
    public Optional<String> whyBackendsShared() {
        return backends == Backends.SHARED
                ? Optional.of("needs backends: dedicated (a PostgreSQL and an S3 store of the scenario's own): the "
                        + "shared ones serve the other scenarios running at the same time")
                : Optional.empty();
    }

    /**
     * Why the scenario's cluster has no second node to take the pods of a drained one, if it has none: the run's
     * shared cluster has one node, and draining it would evict the pods of every scenario running at the same time.
     */
    public Optional<String> whyNoNodeToSpare() {
        return cluster.isPresent()
                ? Optional.empty()
                : Optional.of(
                        "needs a cluster of its own with a node to spare, cluster: {nodes: " + OwnCluster.FEWEST_NODES
                                + "}: the shared cluster has one node, and draining it would evict the other scenarios' pods");
    }
}
