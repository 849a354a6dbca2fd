package io.mlflowchart.harness.scenario;

import static io.mlflowchart.harness.scenario.ScenarioFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.Settings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code -Dshard=i/n}: each machine of a CI matrix runs its part of the selected scenarios, and together they run all. */
class ShardTest {

    /** This repository's scenarios: the split CI's matrix gets. */
    private static final List<Scenario> SCENARIOS = new ScenarioLoader(Path.of("")).loadAll(Path.of("scenarios"));

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5})
    void runsEveryScenarioOnExactlyOneShard(int count) {
        List<String> ran = new ArrayList<>();
        for (int index = 1; index <= count; index++) {
            new Shard(index, count).select(SCENARIOS).forEach(scenario -> ran.add(scenario.name()));
        }

        assertThat(ran).containsExactlyInAnyOrderElementsOf(names(SCENARIOS));
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void splitsTheSameWayWhateverTheOrderTheFilesAreListedIn(int count) {
        List<Scenario> reversed = new ArrayList<>(SCENARIOS);
        Collections.reverse(reversed);
        List<Scenario> shuffled = new ArrayList<>(SCENARIOS);
        Collections.shuffle(shuffled, new Random(count));

        for (int index = 1; index <= count; index++) {
            Shard shard = new Shard(index, count);
            List<String> part = names(shard.select(SCENARIOS));
            assertThat(names(shard.select(reversed))).as("shard %s", shard).containsExactlyInAnyOrderElementsOf(part);
            assertThat(names(shard.select(shuffled))).as("shard %s", shard).containsExactlyInAnyOrderElementsOf(part);
        }
    }

    /** The longest-processing-time rule: no shard expects more than one scenario's time over another. */
    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void balancesTheExpectedTimeWithinOneScenario(int count) {
        List<Long> loads = IntStream.rangeClosed(1, count)
                .mapToObj(index -> new Shard(index, count)
                        .select(SCENARIOS).stream()
                                .mapToLong(ScenarioCost::expectedSeconds)
                                .sum())
                .toList();
        long costliest = SCENARIOS.stream()
                .mapToLong(ScenarioCost::expectedSeconds)
                .max()
                .orElseThrow();

        assertThat(Collections.max(loads) - Collections.min(loads))
                .as("expected seconds per shard %s", loads)
                .isLessThanOrEqualTo(costliest);
    }

    @Test
    void spreadsTheCostliestScenariosFirstAndFillsInWithTheCheapOnes() {
        Scenario upgrade = scenario("upgrade", "install", "load-data", "upgrade", "verify");
        // The two upgrades outweigh three smokes: they go to different shards, the smokes fill in.
        List<Scenario> run = List.of(
                scenario("a-smoke", "install", "verify"),
                scenario("b-smoke", "install", "verify"),
                scenario("c-smoke", "install", "verify"),
                upgrade,
                scenario("upgrade-2", "install", "upgrade"));
        assertThat(names(new Shard(1, 2).select(run))).containsExactly("b-smoke", "upgrade");
        assertThat(names(new Shard(2, 2).select(run))).containsExactly("a-smoke", "c-smoke", "upgrade-2");
    }

    @Test
    void anEmptyShardRunsNothingWithoutFailing() {
        List<Scenario> two = SCENARIOS.subList(0, 2);

        assertThat(new Shard(3, 5).select(two)).isEmpty();
        assertThat(new Shard(5, 5).select(two)).isEmpty();
        assertThat(names(new Shard(1, 5).select(two))).hasSize(1);
    }

    @Test
    void keepsTheOrderTheScenariosWereSelectedIn() {
        List<Scenario> part = new Shard(1, 2).select(SCENARIOS);

        assertThat(names(part)).isSubsetOf(names(SCENARIOS));
        assertThat(SCENARIOS.stream().filter(part::contains).toList()).isEqualTo(part);
    }

    @Test
    void isReadFromThePropertyOrTheEnvironment() {
        assertThat(Shard.from(new Settings(Map.of(), Map.of()))).isEqualTo(Shard.WHOLE);
        assertThat(Shard.from(new Settings(Map.of("shard", "2/3"), Map.of()))).isEqualTo(new Shard(2, 3));
        assertThat(Shard.from(new Settings(Map.of(), Map.of("SHARD", " 3 / 4 "))))
                .isEqualTo(new Shard(3, 4));
        assertThat(Shard.from(new Settings(Map.of("shard", "1/2"), Map.of("SHARD", "2/2"))))
                .isEqualTo(new Shard(1, 2));
        assertThat(new Shard(2, 3).reported().describe()).isEqualTo("shard 2/3");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0/3  | -Dshard=0/3 (or SHARD): shard 0 is not one of 1..3; shards count from 1: -Dshard=1/3 to -Dshard=3/3",
                "4/3  | -Dshard=4/3 (or SHARD): shard 4 is not one of 1..3; shards count from 1: -Dshard=1/3 to -Dshard=3/3",
                "1/0  | -Dshard=1/0 (or SHARD): n, the number of shards, must be at least 1, e.g. -Dshard=1/2",
                "x    | -Dshard=x (or SHARD): not i/n; give this machine's shard i of n machines, with 1 <= i <= n,"
                        + " e.g. -Dshard=2/3 for the second of three",
                "2    | -Dshard=2 (or SHARD): not i/n; give this machine's shard i of n machines, with 1 <= i <= n,"
                        + " e.g. -Dshard=2/3 for the second of three",
                "-1/3 | -Dshard=-1/3 (or SHARD): not i/n; give this machine's shard i of n machines, with 1 <= i <= n,"
                        + " e.g. -Dshard=2/3 for the second of three"
            })
    void refusesAnythingButIOfNNamingTheSettingTheValueAndTheFix(String value, String message) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Shard.from(new Settings(Map.of("shard", value), Map.of())))
                .withMessage(message);
    }

    private static List<String> names(List<Scenario> scenarios) {
        return scenarios.stream().map(Scenario::name).toList();
    }
}
