package io.mlflowchart.harness.report;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.mlflowchart.harness.timing.CpuUse;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run as far as it got: what {@code results.json} holds (its schema is
 * {@code src/test/resources/report/results.schema.json}) and what {@code index.html} draws. {@code versions}
 * names each component the run involved (chart, images, tools) with its version, in the order they were given;
 * {@code elapsedMillis} the time from the run's start to this writing (cluster and services' start included), 0 in
 * results written before it was recorded; {@code cpu} the CPU the machine and the harness used meanwhile, null where it
 * could not be read (no {@code /proc}) or was not recorded; {@code shards} which part of a split run the report
 * holds.
 */
@JsonPropertyOrder({
    "schemaVersion",
    "runId",
    "started",
    "elapsedMillis",
    "cpu",
    "passed",
    "shards",
    "versions",
    "scenarios"
})
public record RunResults(
        String runId,
        Instant started,
        long elapsedMillis,
        CpuUse cpu,
        Map<String, String> versions,
        Shards shards,
        List<ScenarioResult> scenarios) {

    /**
     * Raised whenever a field changes meaning or is added or removed; 2 added versions and step start times, 3 the
     * shards, the run's elapsed time and each step's split of its duration, 4 the CPU used, 5 each step's
     * availability, 6 the counts of logged models, dataset inputs, deleted experiments and runs, and the longest value,
     * 7 the counts of webhooks, evaluation datasets and their records, and scorer versions.
     */
    public static final int SCHEMA_VERSION = 7;

    public RunResults {
        versions = Collections.unmodifiableMap(new LinkedHashMap<>(versions));
        scenarios = List.copyOf(scenarios);
    }

    @JsonProperty
    public int schemaVersion() {
        return SCHEMA_VERSION;
    }

    /** Every scenario passed, and no shard a merge should hold is missing. */
    @JsonProperty
    public boolean passed() {
        return shards.missing().isEmpty() && scenarios.stream().allMatch(ScenarioResult::passed);
    }
}
