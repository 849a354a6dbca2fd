package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioParallelismTest {

    private static final long GIB = 1L << 30;

    @ParameterizedTest(name = "{0} cores, {1} GiB: {2} at once")
    @CsvSource({
        "2, 24, 3", // this project's CI machines: cores are the limit
        "16, 24, 6", // memory is
        "2, 6, 1", // too little memory for two
        "1, 2, 1", // never fewer than one
    })
    void autoFollowsCoresAndMemory(int cores, long gibibytes, int expected) {
        assertThat(ScenarioParallelism.parallelism("auto", cores, gibibytes * GIB))
                .isEqualTo(expected);
    }

    @Test
    void aNumberOverridesTheMachine() {
        assertThat(ScenarioParallelism.parallelism("1", 16, 64 * GIB)).isEqualTo(1);
        assertThat(ScenarioParallelism.parallelism(" 3 ", 2, 4 * GIB)).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-2", "two", "1.5"})
    void refusesWhatIsNotACount(String setting) {
        assertThatThrownBy(() -> ScenarioParallelism.parallelism(setting, 2, 24 * GIB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("-Dscenario.parallelism=" + setting + " (or SCENARIO_PARALLELISM): ")
                .hasMessageContaining("at least 1")
                .hasMessageContaining("auto");
    }
}
