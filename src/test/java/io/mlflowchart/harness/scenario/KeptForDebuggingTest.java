package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code keep=}: true or false, anything else refused when scenarios are set up. */
class KeptForDebuggingTest {

    @Test
    void keepsNothingUnlessAsked() {
        assertThat(KeptForDebugging.requested(new Settings(Map.of(), Map.of()))).isFalse();
    }

    @Test
    void keepsAFailedScenarioWhenAsked() {
        assertThat(KeptForDebugging.requested(new Settings(Map.of("keep", "true"), Map.of())))
                .isTrue();
        assertThat(KeptForDebugging.requested(new Settings(Map.of(), Map.of("KEEP", "true"))))
                .isTrue();
    }

    @Test
    void refusesAValueOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> KeptForDebugging.requested(new Settings(Map.of("keep", "yes"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("keep=yes (or KEEP): allowed: true");
    }
}
