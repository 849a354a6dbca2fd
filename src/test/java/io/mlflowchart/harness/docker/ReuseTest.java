package io.mlflowchart.harness.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/** {@code reuse=}: what it accepts, what it marks on a container, and what the end of a run says. */
class ReuseTest {

    @Test
    void keepsNothingUnlessAsked() {
        assertThat(Reuse.fromSettings(new Settings(Map.of(), Map.of()))).isEqualTo(Reuse.OFF);
        assertThat(Reuse.fromSettings(new Settings(Map.of("reuse", "false"), Map.of("REUSE", "true"))))
                .isEqualTo(Reuse.OFF);
    }

    @Test
    void keepsBetweenRunsFromThePropertyOrTheEnvironment() {
        assertThat(Reuse.fromSettings(new Settings(Map.of("reuse", "true"), Map.of())))
                .isEqualTo(Reuse.KEEP_BETWEEN_RUNS);
        assertThat(Reuse.fromSettings(new Settings(Map.of(), Map.of("REUSE", "true"))))
                .isEqualTo(Reuse.KEEP_BETWEEN_RUNS);
    }

    @Test
    void refusesAValueOtherThanTrueOrFalse() {
        assertThatThrownBy(() -> Reuse.fromSettings(new Settings(Map.of("reuse", "yes"), Map.of())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("reuse=yes (or REUSE): allowed: true");
    }

    @Test
    void marksAContainerForTestcontainersReuseUnderItsRole() {
        GenericContainer<?> container = Reuse.KEEP_BETWEEN_RUNS.keep(container(), "postgres");

        assertThat(container.isShouldBeReused()).isTrue();
        assertThat(container.getLabels()).containsEntry(Reuse.LABEL, "postgres");
    }

    @Test
    void leavesAContainerAsItIsWithoutReuse() {
        GenericContainer<?> container = Reuse.OFF.keep(container(), "postgres");

        assertThat(container.isShouldBeReused()).isFalse();
        assertThat(container.getLabels()).doesNotContainKey(Reuse.LABEL);
    }

    @Test
    void endOfRunSaysWhatWasKeptAndHowToRemoveItByTheLabelEveryKeptThingCarries() {
        String summary = Reuse.keptSummary(List.of("K3sCluster 0123456789ab", "PostgresService ba9876543210"));

        assertThat(summary)
                .startsWith("reuse=true: left running for the next run with reuse=true: K3sCluster 0123456789ab, "
                        + "PostgresService ba9876543210, on the Docker network mlflow-chart-e2e-kept.")
                .endsWith("To remove them all: " + Reuse.removalCommand());
        assertThat(Reuse.removalCommand())
                .isEqualTo(
                        "docker ps -aq --filter label=io.mlflowchart.harness.kept | xargs -r docker rm -f -v; "
                                + "docker network ls -q --filter label=io.mlflowchart.harness.kept | xargs -r docker network rm");
    }

    private static GenericContainer<?> container() {
        return new GenericContainer<>(DockerImageName.parse("busybox:1.37.0"));
    }
}
