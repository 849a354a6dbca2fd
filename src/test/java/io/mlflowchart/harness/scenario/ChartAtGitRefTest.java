package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.process.ExternalCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A repository of its own whose chart changed after a tag. */
class ChartAtGitRefTest {

    @TempDir
    Path repository;

    @BeforeEach
    void commitAChartThenChangeIt() throws Exception {
        Path chart = Files.createDirectories(repository.resolve("charts/mlflow"));
        Files.writeString(chart.resolve("Chart.yaml"), "name: mlflow\nversion: 0.1.0\n");
        git("init", "-q");
        git("add", ".");
        git("-c", "user.name=harness", "-c", "user.email=harness@example.invalid", "commit", "-q", "-m", "chart 0.1.0");
        git("tag", "v0.1.0");
        Files.writeString(chart.resolve("Chart.yaml"), "name: mlflow\nversion: 0.2.0\n");
    }

    @Test
    void extractsTheChartAsCommittedAtTheRef() {
        Path extracted = new ChartAtGitRef(repository, Path.of("charts/mlflow"), "v0.1.0").extract();

        assertThat(repository
                        .resolve("target/charts-at-git-refs")
                        .relativize(extracted)
                        .toString())
                .matches("v0\\.1\\.0-[0-9]+/charts/mlflow");
        assertThat(extracted.resolve("Chart.yaml")).hasContent("name: mlflow\nversion: 0.1.0");
    }

    /** Scenarios running at once may extract the same ref: neither may see the other's half-written files. */
    @Test
    void extractsEachTimeIntoAFolderOfItsOwn() {
        ChartAtGitRef chart = new ChartAtGitRef(repository, Path.of("charts/mlflow"), "v0.1.0");

        assertThat(chart.extract()).isNotEqualTo(chart.extract());
    }

    @Test
    void namesARefGitCannotRead() {
        assertThatThrownBy(() -> new ChartAtGitRef(repository, Path.of("charts/mlflow"), "v9.9.9").extract())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("could not read charts/mlflow at git ref v9.9.9: ")
                .hasMessageContaining("fatal: ");
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", repository.toString()));
        command.addAll(List.of(args));
        new ExternalCommand(command, Duration.ofSeconds(30)).run();
    }
}
