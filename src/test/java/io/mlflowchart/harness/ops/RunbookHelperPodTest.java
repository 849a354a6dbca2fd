package io.mlflowchart.harness.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * How the runbook waits for a helper pod ({@code wait_helper} in mlflow-ops.sh, sourced as the runbook runs it): on
 * what {@code kubectl get pod --watch} prints, a kubectl that replays a pod's states.
 */
class RunbookHelperPodTest {

    private static final Path SCRIPT = Path.of("make/ops/scripts/mlflow-ops.sh").toAbsolutePath();

    @Test
    void returnsOnceThePodIsReady() throws Exception {
        assertThat(waitFor(" ", "false ContainerCreating", "true ", "false ErrImagePull"))
                .contains("waited")
                .doesNotContain("ERROR");
    }

    @Test
    void failsAtOnceNamingTheImageItCannotGet() {
        ExternalCommandException failure = catchThrowableOfType(
                ExternalCommandException.class,
                () -> waitFor(" ", "false ContainerCreating", "false ErrImagePull", "true "));

        assertThat(failure.output())
                .contains("helper pod mlflow-ops-pg-1 cannot get its image postgres:15-bookworm (ErrImagePull)")
                .contains("PG_IMAGE=")
                .contains("described mlflow-ops-pg-1")
                .doesNotContain("waited");
    }

    @Test
    void saysSoWhenTheWatchEndsBeforeThePodIsReady() {
        ExternalCommandException failure =
                catchThrowableOfType(ExternalCommandException.class, () -> waitFor(" ", "false ContainerCreating"));

        assertThat(failure.output()).contains("helper pod mlflow-ops-pg-1 not Ready within 300s");
    }

    /** Sources the runbook with a kubectl whose watch prints {@code states}, one line each, then ends. */
    private static String waitFor(String... states) throws Exception {
        StringBuilder lines = new StringBuilder();
        for (String state : states) {
            lines.append(" '").append(state).append('\'');
        }
        String script = String.join(
                "\n",
                "source " + SCRIPT,
                "kubectl() { case \"$*\" in *--watch*) printf '%s\\n'" + lines + " ;;"
                        + " *describe*) echo \"described ${*: -1}\" ;; esac; }",
                "NAMESPACE=team",
                "wait_helper mlflow-ops-pg-1 postgres:15-bookworm",
                "echo waited");
        return new ExternalCommand(List.of("bash", "-c", script), Duration.ofMinutes(1)).run();
    }
}
