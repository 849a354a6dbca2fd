package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.cluster.ClusterImages.Hold;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which imported images a node short of disk may remove, and in what order. */
class ImageHoldsTest {

    private final ImageHolds holds = new ImageHolds();

    @Test
    void keepsAnImageWhileAnyHoldOnItIsOpen() {
        Hold first = holds.hold(List.of("mlflow:2.9.2", "postgres:15"));
        Hold second = holds.hold(List.of("postgres:15"));

        first.close();

        assertThat(holds.removable(List.of("mlflow:2.9.2", "postgres:15"))).containsExactly("mlflow:2.9.2");
        second.close();
        assertThat(holds.removable(List.of("mlflow:2.9.2", "postgres:15")))
                .containsExactly("mlflow:2.9.2", "postgres:15");
    }

    @Test
    void closingAHoldTwiceLetsGoOnce() {
        Hold scenario = holds.hold(List.of("postgres:15"));
        Hold other = holds.hold(List.of("postgres:15"));

        scenario.close();
        scenario.close();

        assertThat(holds.isHeld("postgres:15")).isTrue();
        other.close();
        assertThat(holds.isHeld("postgres:15")).isFalse();
    }

    @Test
    void anImageListedTwiceInOneHoldIsLetGoByIt() {
        holds.hold(List.of("mlflow:3.17.2", "mlflow:3.17.2")).close();

        assertThat(holds.isHeld("mlflow:3.17.2")).isFalse();
    }

    @Test
    void removesWhatWasNeverHeldFirstThenWhatWasLetGoLongestAgo() {
        Hold old = holds.hold(List.of("mlflow:2.22.5"));
        Hold recent = holds.hold(List.of("mlflow:3.0.1"));
        recent.close();
        old.close();
        Hold running = holds.hold(List.of("mlflow:3.17.2"));

        assertThat(holds.removable(List.of("mlflow:3.0.1", "mlflow:3.17.2", "mlflow:2.22.5", "busybox:1.37.0")))
                .containsExactly("busybox:1.37.0", "mlflow:3.0.1", "mlflow:2.22.5");
        running.close();
    }
}
