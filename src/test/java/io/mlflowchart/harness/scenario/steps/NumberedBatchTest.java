package io.mlflowchart.harness.scenario.steps;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.scenario.steps.NumberedBatch.Presence;
import org.junit.jupiter.api.Test;

class NumberedBatchTest {

    private final NumberedBatch batch = new NumberedBatch(7, 1_700_000_000_000L);

    @Test
    void fitsOneLogBatchRequestWithItsOwnKeys() {
        assertThat(batch.request().chunks()).hasSize(1);
        assertThat(batch.request().size()).isEqualTo(1000);
        assertThat(batch.request().metrics()).allMatch(metric -> metric.key().equals("metric-007"));
        assertThat(batch.request().params())
                .singleElement()
                .matches(p -> p.key().equals("param-007"));
        assertThat(batch.history()).hasSize(NumberedBatch.POINTS);
        assertThat(batch.history().get(3).timestamp())
                .isEqualTo(batch.request().metrics().get(3).timestamp());
    }

    @Test
    void isWholeOnlyWithEveryPartAndAbsentOnlyWithNone() {
        assertThat(Presence.of(true, true, NumberedBatch.POINTS)).isEqualTo(Presence.WHOLE);
        assertThat(Presence.of(false, false, 0)).isEqualTo(Presence.ABSENT);
        assertThat(Presence.of(true, false, 0)).isEqualTo(Presence.PARTIAL);
        assertThat(Presence.of(true, true, 0)).isEqualTo(Presence.PARTIAL);
        assertThat(Presence.of(true, false, NumberedBatch.POINTS)).isEqualTo(Presence.PARTIAL);
        assertThat(Presence.of(true, true, NumberedBatch.POINTS - 1)).isEqualTo(Presence.PARTIAL);
    }
}
