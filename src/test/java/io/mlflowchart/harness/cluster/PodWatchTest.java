package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which pods a watch looks at: those a change made, not those it replaces. */
class PodWatchTest {

    private static final PodWatch SINCE_THE_CHANGE =
            new PodWatch(null, "prod-rollback", Instant.parse("2026-12-02T10:00:00.400Z"));

    @Test
    void countsPodsCreatedSinceTheChangeBeganToTheSecond() {
        assertThat(SINCE_THE_CHANGE.counts(createdAt("2026-12-02T10:00:00Z")))
                .as("created in the second the change began")
                .isTrue();
        assertThat(SINCE_THE_CHANGE.counts(createdAt("2026-12-02T10:03:00Z"))).isTrue();
    }

    @Test
    void ignoresPodsFromBeforeTheChangeSuchAsTheCrashLoopingServerItReplaces() {
        assertThat(SINCE_THE_CHANGE.counts(createdAt("2026-12-02T09:59:59Z"))).isFalse();
    }

    private static Pod createdAt(String timestamp) {
        return new PodBuilder()
                .withNewMetadata()
                .withName("mlflow-7d9f")
                .withCreationTimestamp(timestamp)
                .endMetadata()
                .build();
    }
}
