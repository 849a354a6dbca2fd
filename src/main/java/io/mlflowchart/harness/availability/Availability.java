package io.mlflowchart.harness.availability;

import io.mlflowchart.harness.availability.Request.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a {@link Traffic} client saw while one step ran: requests sent, failures of each kind by how they ended, the
 * longest time without a successful read (from the step's start to its end, so a server that never answered counts
 * whole), the writes MLflow acknowledged (answered 2xx) and how many of them were read back afterwards
 * ({@code writesFound}; null when they could not be read back: the step failed). {@code route} says how requests got
 * to the pods; {@code promise} what was asserted beyond no lost write ({@code no-failed-read}), null if nothing.
 */
public record Availability(
        String route,
        int requests,
        int reads,
        int writes,
        SortedMap<String, Integer> failedReads,
        SortedMap<String, Integer> failedWrites,
        long longestReadGapMillis,
        int acknowledgedWrites,
        Integer writesFound,
        String promise) {

    public Availability {
        failedReads = Collections.unmodifiableSortedMap(new TreeMap<>(failedReads));
        failedWrites = Collections.unmodifiableSortedMap(new TreeMap<>(failedWrites));
    }

    /** The figures of {@code requests}, all sent between {@code from} and {@code to}; writes not read back yet. */
    public static Availability of(String route, List<Request> requests, Instant from, Instant to) {
        return new Availability(
                route,
                requests.size(),
                count(requests, Kind.READ),
                count(requests, Kind.WRITE),
                failures(requests, Kind.READ),
                failures(requests, Kind.WRITE),
                longestReadGap(requests, from, to).toMillis(),
                (int) requests.stream()
                        .filter(r -> r.kind() == Kind.WRITE && r.ok())
                        .count(),
                null,
                null);
    }

    /**
     * The longest time without a successful read: between the start and the first read answered 2xx, between two
     * such answers, and between the last and the end.
     */
    static Duration longestReadGap(List<Request> requests, Instant from, Instant to) {
        List<Instant> answers = new ArrayList<>();
        answers.add(from);
        requests.stream()
                .filter(r -> r.kind() == Kind.READ && r.ok())
                .map(Request::answered)
                .sorted()
                .forEach(answers::add);
        answers.add(to);
        Duration longest = Duration.ZERO;
        for (int i = 1; i < answers.size(); i++) {
            Duration gap = Duration.between(answers.get(i - 1), answers.get(i));
            if (gap.compareTo(longest) > 0) {
                longest = gap;
            }
        }
        return longest;
    }

    public Availability withWritesFound(int found) {
        return new Availability(
                route,
                requests,
                reads,
                writes,
                failedReads,
                failedWrites,
                longestReadGapMillis,
                acknowledgedWrites,
                found,
                promise);
    }

    public Availability withPromise(String promised) {
        return new Availability(
                route,
                requests,
                reads,
                writes,
                failedReads,
                failedWrites,
                longestReadGapMillis,
                acknowledgedWrites,
                writesFound,
                promised);
    }

    public int failedReadCount() {
        return failedReads.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int failedWriteCount() {
        return failedWrites.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * One line for the console and the report: {@code 412 requests; reads: 2 failed (connection refused 2); writes: 0
     * failed; longest read gap 1.2 s; 206 acknowledged writes, 206 found}.
     */
    public String summary() {
        return requests + " requests; reads: " + described(failedReadCount(), failedReads) + "; writes: "
                + described(failedWriteCount(), failedWrites) + "; longest read gap "
                + String.format(java.util.Locale.ROOT, "%.1f s", longestReadGapMillis / 1000.0) + "; "
                + acknowledgedWrites + " acknowledged writes, "
                + (writesFound == null ? "not read back" : writesFound + " found");
    }

    private static String described(int failed, SortedMap<String, Integer> byOutcome) {
        if (failed == 0) {
            return "0 failed";
        }
        List<String> parts = new ArrayList<>();
        byOutcome.forEach((outcome, count) -> parts.add(outcome + " " + count));
        return failed + " failed (" + String.join(", ", parts) + ")";
    }

    private static int count(List<Request> requests, Kind kind) {
        return (int) requests.stream().filter(r -> r.kind() == kind).count();
    }

    private static SortedMap<String, Integer> failures(List<Request> requests, Kind kind) {
        SortedMap<String, Integer> byOutcome = new TreeMap<>();
        requests.stream()
                .filter(r -> r.kind() == kind && !r.ok())
                .forEach(r -> byOutcome.merge(r.outcome(), 1, Integer::sum));
        return byOutcome;
    }
}
