package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which scenarios to run, as {@code -Dscenario=} gives them: a comma list of names and globs ({@code *}, {@code ?}),
 * for example {@code dev-smoke,prod-*}, among the scenarios of the run's {@link Tier} ({@code -Dtier=}). Empty selects
 * all. The name of a matrix's file selects all its pairs ({@code release-upgrade-dev}), a pair's name that pair
 * ({@code release-upgrade-dev-3.16.1-to-3.17.2}). A name or glob that matches nothing is an error. Of those, a run
 * split over machines ({@code -Dshard=i/n}) runs its {@link Shard}'s part.
 */
public record ScenarioSelection(List<String> patterns, Shard shard, Tier tier) {

    public static final HarnessProperty SETTING = new HarnessProperty("scenario", "");

    public ScenarioSelection {
        patterns = List.copyOf(patterns);
    }

    public ScenarioSelection(List<String> patterns, Shard shard) {
        this(patterns, shard, Tier.CI);
    }

    /** The scenarios {@code expression} names, on a run of the ci tier that is not split. */
    public static ScenarioSelection parse(String expression) {
        return new ScenarioSelection(
                expression == null
                        ? List.of()
                        : Arrays.stream(expression.split(","))
                                .map(String::trim)
                                .filter(p -> !p.isEmpty())
                                .toList(),
                Shard.WHOLE);
    }

    /** {@code -Dscenario=}, {@code -Dshard=} and {@code -Dtier=}; a bad shard or tier is refused here, before anything starts. */
    public static ScenarioSelection from(Settings settings) {
        return new ScenarioSelection(
                parse(SETTING.valueIn(settings)).patterns(), Shard.from(settings), Tier.from(settings));
    }

    /** The selected scenarios of this shard, in the order given, of {@code available}: the tier's, matrices expanded. */
    public List<Scenario> select(List<Scenario> available) {
        return shard.select(matching(available));
    }

    private List<Scenario> matching(List<Scenario> available) {
        if (patterns.isEmpty()) {
            return available;
        }
        List<Scenario> selected = new ArrayList<>();
        List<String> unmatched = new ArrayList<>();
        for (String pattern : patterns) {
            Pattern regex = glob(pattern);
            List<Scenario> matches = available.stream()
                    .filter(s -> regex.matcher(s.name()).matches()
                            || s.pairOf()
                                    .filter(matrix -> regex.matcher(matrix).matches())
                                    .isPresent())
                    .toList();
            if (matches.isEmpty()) {
                unmatched.add(pattern);
            }
            matches.stream().filter(s -> !selected.contains(s)).forEach(selected::add);
        }
        if (!unmatched.isEmpty()) {
            throw new IllegalArgumentException("-D" + SETTING.name() + "=" + String.join(",", patterns) + ": "
                    + String.join(", ", unmatched) + " matches no scenario (available: "
                    + String.join(", ", available.stream().map(Scenario::name).toList()) + ")"
                    + (tier == Tier.RELEASE ? "" : "; -Dtier=release adds the release tier's scenarios"));
        }
        return selected;
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
