package io.mlflowchart.harness.scenario.steps;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code kubectl drain} printed, read: the pods it evicted ({@code evicting pod <namespace>/<name>}, printed again
 * for each retry) and the evictions the API server refused because they would have broken a PodDisruptionBudget
 * (kubectl then retries every 5 s: {@code error when evicting pods/"<name>" -n "<namespace>" (will retry after 5s):
 * Cannot evict pod as it would violate the pod's disruption budget.}).
 */
record DrainOutput(List<String> evicted, List<String> refusedByBudget) {

    private static final Pattern EVICTING = Pattern.compile("evicting pod (\\S+)");

    private static final Pattern REFUSED = Pattern.compile(
            "error when evicting pods/\"([^\"]+)\" -n \"([^\"]+)\".*violate the pod's disruption budget");

    DrainOutput {
        evicted = List.copyOf(evicted);
        refusedByBudget = List.copyOf(refusedByBudget);
    }

    /** {@code text}: drain's stdout and stderr together. */
    static DrainOutput of(String text) {
        Set<String> evicted = new LinkedHashSet<>();
        List<String> refused = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher evicting = EVICTING.matcher(line);
            if (evicting.find()) {
                evicted.add(evicting.group(1));
            }
            Matcher refusal = REFUSED.matcher(line);
            if (refusal.find()) {
                refused.add(refusal.group(2) + "/" + refusal.group(1));
            }
        }
        return new DrainOutput(List.copyOf(evicted), refused);
    }
}
