package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How much a run proves, as {@code -Dtier=} says: {@code ci} (the default) the scenarios that fit CI's budget,
 * {@code release} those and the release gate's upgrade matrices. A scenario file says which tier it belongs to
 * ({@code tier:}, default {@code ci}); a tier runs its own scenarios and those of every tier below it.
 */
public enum Tier {
    CI,
    RELEASE;

    public static final HarnessProperty SETTING = new HarnessProperty("tier", "ci");

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> yamlNames() {
        return Arrays.stream(values()).map(Tier::yamlName).toList();
    }

    /** {@code -Dtier=} (or {@code TIER}); anything but a tier's name is refused with the names. */
    public static Tier from(Settings settings) {
        String value = SETTING.valueIn(settings).strip();
        return Arrays.stream(values())
                .filter(tier -> tier.yamlName().equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("-D" + SETTING.name() + "=" + value + " (or "
                        + SETTING.environmentVariable() + "): not a tier (allowed: " + String.join(", ", yamlNames())
                        + "; ci is the default, release adds the upgrade matrices)"));
    }

    /** Whether a run of this tier runs a scenario of {@code tier}. */
    public boolean runs(Tier tier) {
        return tier.compareTo(this) <= 0;
    }

    /** The scenarios a run of this tier runs, in the order given. */
    public List<Scenario> select(List<Scenario> scenarios) {
        return scenarios.stream().filter(scenario -> runs(scenario.tier())).toList();
    }
}
