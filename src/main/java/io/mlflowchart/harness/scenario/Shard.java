package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.report.Shards;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This machine's part of the selected scenarios when a CI matrix runs them on {@code count} machines
 * ({@code -Dshard=i/n}, or {@code SHARD}): shard {@code index}, from 1.
 *
 * <p>The split depends only on the selected scenarios, never on the order their files are listed in, so every machine
 * computes the same one and each scenario runs on exactly one. It balances expected time ({@link ScenarioCost}): the
 * scenarios, costliest first (ties by name), each go to the shard with the least cost so far (ties to the one with
 * fewer scenarios, then the lowest index): the longest-processing-time rule, which keeps the slowest shard within one
 * scenario of the fastest.
 */
public record Shard(int index, int count) {

    public static final HarnessProperty SETTING = new HarnessProperty("shard", "");

    /** A run that is not split. */
    public static final Shard WHOLE = new Shard(1, 1);

    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*/\\s*(\\d{1,6})\\s*");

    private static final Logger PROGRESS = LoggerFactory.getLogger("progress");

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("shard " + index + "/" + count + ": give i/n with 1 <= i <= n");
        }
    }

    /** The shard {@link #SETTING} gives; the whole run when it is not set. */
    public static Shard from(Settings settings) {
        String value = SETTING.valueIn(settings);
        return value.isBlank() ? WHOLE : parse(value);
    }

    /** {@code i/n}, refused with the setting, the value and the fix when it is anything else. */
    public static Shard parse(String value) {
        String given = "-D" + SETTING.name() + "=" + value + " (or " + SETTING.environmentVariable() + "): ";
        Matcher form = FORM.matcher(value);
        if (!form.matches()) {
            throw new IllegalArgumentException(given + "not i/n; give this machine's shard i of n machines, with"
                    + " 1 <= i <= n, e.g. -D" + SETTING.name() + "=2/3 for the second of three");
        }
        int index = Integer.parseInt(form.group(1));
        int count = Integer.parseInt(form.group(2));
        if (count < 1) {
            throw new IllegalArgumentException(
                    given + "n, the number of shards, must be at least 1, e.g. -D" + SETTING.name() + "=1/2");
        }
        if (index < 1 || index > count) {
            throw new IllegalArgumentException(given + "shard " + index + " is not one of 1.." + count
                    + "; shards count from 1: -D" + SETTING.name() + "=1/" + count + " to -D" + SETTING.name() + "="
                    + count + "/" + count);
        }
        return new Shard(index, count);
    }

    /** What the report records: this shard, of {@code count}. */
    public Shards reported() {
        return Shards.one(index, count);
    }

    /** This shard's scenarios of {@code selected}, in the order given; says on the console what it runs. */
    public List<Scenario> select(List<Scenario> selected) {
        if (equals(WHOLE)) {
            return selected;
        }
        List<Scenario> costliestFirst =
                selected.stream().sorted(ScenarioCost.COSTLIEST_FIRST).toList();
        long[] load = new long[count];
        int[] scenarios = new int[count];
        Set<String> mine = new HashSet<>();
        for (Scenario scenario : costliestFirst) {
            int least = 0;
            for (int shard = 1; shard < count; shard++) {
                boolean lighter = load[shard] < load[least]
                        || (load[shard] == load[least] && scenarios[shard] < scenarios[least]);
                least = lighter ? shard : least;
            }
            load[least] += ScenarioCost.expectedSeconds(scenario);
            scenarios[least]++;
            if (least == index - 1) {
                mine.add(scenario.name());
            }
        }
        List<Scenario> part =
                selected.stream().filter(s -> mine.contains(s.name())).toList();
        if (part.isEmpty()) {
            PROGRESS.info(
                    "shard {}/{} has no scenario to run: {} selected for {} shards",
                    index,
                    count,
                    selected.size(),
                    count);
        } else {
            PROGRESS.info(
                    "shard {}/{} runs {} of {} selected scenarios (about {} of {} s expected): {}",
                    index,
                    count,
                    part.size(),
                    selected.size(),
                    load[index - 1],
                    selected.stream().mapToLong(ScenarioCost::expectedSeconds).sum(),
                    part.stream().map(Scenario::name).collect(Collectors.joining(", ")));
        }
        return part;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
