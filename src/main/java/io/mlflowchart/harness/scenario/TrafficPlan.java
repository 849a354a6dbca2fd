package io.mlflowchart.harness.scenario;

import java.util.Map;
import java.util.Set;

/**
 * A scenario's {@code traffic:} block: the kinds of step under which a background client reads and writes at a steady
 * rate ({@code during}), and those under which no read may fail ({@code no-failed-read}), where the chart promises it.
 * That no acknowledged write is lost is asserted after every measured step.
 */
public record TrafficPlan(Set<String> during, Set<String> noFailedRead) {

    /** The promise a step under {@link #noFailedRead} is held to, as the report names it. */
    public static final String NO_FAILED_READ = "no-failed-read";

    /** No traffic: what a scenario without the block gets. */
    public static final TrafficPlan NONE = new TrafficPlan(Set.of(), Set.of());

    /**
     * The kinds a client cannot run under, and why: no server to measure, or writes acknowledged meanwhile that the
     * step loses on purpose (a restore, or a rollback that restores the pre-upgrade dump, takes the data back).
     */
    static final Map<String, String> NOT_MEASURABLE = Map.of(
            "install", "no server answers when it starts",
            "destroy", "no server answers when it ends",
            "restore", "it takes the data back to a backup on purpose, losing the writes acknowledged meanwhile",
            "rollback",
                    "with restore-db it takes the data back to the pre-upgrade dump on purpose, losing the writes"
                            + " acknowledged meanwhile");

    public TrafficPlan {
        during = Set.copyOf(during);
        noFailedRead = Set.copyOf(noFailedRead);
    }

    public boolean measures(Step step) {
        return during.contains(step.name());
    }

    public boolean promisesNoFailedRead(Step step) {
        return noFailedRead.contains(step.name());
    }
}
