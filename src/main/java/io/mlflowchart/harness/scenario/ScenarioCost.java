package io.mlflowchart.harness.scenario;

import java.util.Comparator;
import java.util.Map;

/**
 * What a scenario is expected to cost, in seconds: the sum of its steps' {@link #EXPECTED_SECONDS}, what each kind
 * took on the project's 2-core CI machines (issue #13). Enough to split scenarios between machines ({@link Shard}) and
 * to start the longest first on one machine, so that no long scenario starts last and runs alone.
 */
final class ScenarioCost {

    /**
     * Seconds a step of each kind takes, rounded, once the images are in the cluster (an upgrade waits for its
     * migration Job and the pre-upgrade check, a restore for a fresh release); a kind not named here, about 5.
     */
    static final Map<String, Integer> EXPECTED_SECONDS = Map.of(
            "upgrade",
            85,
            "kill-migration",
            85,
            "kill-server-pod",
            45,
            "restart",
            20,
            "restore",
            30,
            "rollback",
            25,
            "install",
            15,
            "destroy",
            10,
            "backup",
            10,
            "drain-node",
            15);

    static final int OTHER_STEP_SECONDS = 5;

    /**
     * What a k3s of the scenario's own adds, its start and its nodes' image imports ({@code prod-node-drain}'s install:
     * 133 s against 43 for {@code prod-smoke}'s on the shared cluster): without it such a scenario starts last.
     */
    static final int OWN_CLUSTER_SECONDS = 90;

    /** Costliest first; scenarios that cost the same, by name, so that every machine orders them alike. */
    static final Comparator<Scenario> COSTLIEST_FIRST =
            Comparator.comparingLong(ScenarioCost::expectedSeconds).reversed().thenComparing(Scenario::name);

    private ScenarioCost() {}

    static long expectedSeconds(Scenario scenario) {
        return scenario.steps().stream()
                        .mapToLong(step -> EXPECTED_SECONDS.getOrDefault(step.name(), OTHER_STEP_SECONDS))
                        .sum()
                + (scenario.cluster().isPresent() ? OWN_CLUSTER_SECONDS : 0);
    }
}
