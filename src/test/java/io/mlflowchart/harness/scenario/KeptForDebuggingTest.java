package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code keep=}: true or false, anything else refused when scenarios are set up. */
class KeptForDebuggingTest {

    @AfterEach
    void clearSetting() {
        System.clearProperty(KeptForDebugging.KEEP.name());
    }

    @Test
    void keepsNothingUnlessAsked() {
        assertThat(KeptForDebugging.requested()).isFalse();
    }

    @Test
    void keepsAFailedScenarioWhenAsked() {
        System.setProperty("keep", "true");

        assertThat(KeptForDebugging.requested()).isTrue();
    }

    @Test
    void refusesAValueOtherThanTrueOrFalse() {
        System.setProperty("keep", "yes");

        assertThatThrownBy(KeptForDebugging::requested)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("keep=yes (or KEEP): allowed: true");
    }
}
