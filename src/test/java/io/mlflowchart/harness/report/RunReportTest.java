package io.mlflowchart.harness.report;

import static io.mlflowchart.harness.report.ExampleRun.FAILED;
import static io.mlflowchart.harness.report.ExampleRun.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @TempDir
    Path reports;

    @Test
    void writesResultsForMachinesASummaryNamingTheFailedStepAndThePage() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(PASSED);
        report.add(FAILED);

        JsonNode results =
                Mappers.JSON.readTree(report.directory().resolve("results.json").toFile());
        assertThat(results.get("passed").asBoolean()).isFalse();
        assertThat(results.get("scenarios")).hasSize(2);
        assertThat(results.at("/scenarios/1/steps/1/detail").asText()).contains("expected '0.1' but was '0.2'");
        assertThat(results.at("/scenarios/1/steps/1/started").asText()).isEqualTo("2026-01-15T10:05:00Z");
        assertThat(Files.readString(report.directory().resolve("summary.md")))
                .contains("| dev-smoke | dev | chart default | passed | 128 s |  |")
                .contains("| prod-smoke | prod | 2.9.2 | **FAILED** | 105 s | verify |")
                .contains("Reproduce prod-smoke: `./mvnw verify -Dscenario=prod-smoke -Dmlflow.from=2.9.2 -Dkeep=true`")
                .doesNotContain("Reproduce dev-smoke");
        assertThat(report.directory().resolve("index.html")).content().contains("prod-smoke");
    }

    /** Scenarios running at once end in any order; the report lists them as their files do. */
    @Test
    void listsScenariosInTheOrderOfTheirFilesWhicheverEndsFirst() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(FAILED);
        report.add(PASSED);

        assertThat(report.scenarios()).extracting(ScenarioResult::name).containsExactly("dev-smoke", "prod-smoke");
        assertThat(Mappers.JSON
                        .readTree(report.directory().resolve("results.json").toFile())
                        .at("/scenarios/0/name")
                        .asText())
                .isEqualTo("dev-smoke");
    }

    @Test
    void theVerdictNamesTheFailedScenariosAndThePage() {
        RunReport report = RunReport.start(reports);
        report.add(PASSED);
        assertThat(report.verdict())
                .isEqualTo(
                        "all 1 scenarios passed — report: " + report.directory().resolve("index.html"));

        report.add(FAILED);
        assertThat(report.verdict())
                .isEqualTo("1 of 2 scenarios FAILED: prod-smoke — report: "
                        + report.directory().resolve("index.html"));
    }

    @Test
    void aShardsReportSaysWhichShardItIsAlsoWithNoScenario() throws Exception {
        RunReport report = RunReport.start(reports, Shards.one(2, 3));
        report.write();

        assertThat(report.verdict())
                .isEqualTo("shard 2/3: no scenario ran — report: "
                        + report.directory().resolve("index.html"));
        JsonNode results =
                Mappers.JSON.readTree(report.directory().resolve("results.json").toFile());
        assertThat(results.get("shards").toString()).isEqualTo("{\"count\":3,\"included\":[2],\"missing\":[]}");
        assertThat(results.get("passed").asBoolean()).isTrue();
        assertThat(report.directory().resolve("index.html"))
                .content()
                .contains("This is shard 2/3 of a split run: it holds that shard's scenarios only.");

        report.add(FAILED);
        assertThat(report.verdict())
                .isEqualTo("shard 2/3: 1 of 1 scenarios FAILED: prod-smoke — report: "
                        + report.directory().resolve("index.html"));
        assertThat(report.directory().resolve("summary.md"))
                .content()
                .startsWith(
                        "## MLflow chart end-to-end run " + report.directory().getFileName() + ", shard 2/3\n");
    }

    @Test
    void aRunThatIsNotSplitSaysNothingOfShards() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(PASSED);

        assertThat(report.directory().resolve("index.html")).content().doesNotContain("id=\"shards\"");
        assertThat(Mappers.JSON
                        .readTree(report.directory().resolve("results.json").toFile())
                        .get("shards")
                        .toString())
                .isEqualTo("{\"count\":1,\"included\":[1],\"missing\":[]}");
    }

    @Test
    void recordsTheCommitTheRunTested() throws Exception {
        RunReport report = RunReport.start(reports).describeCommit(Path.of(""));
        report.write();

        assertThat(Mappers.JSON
                        .readTree(report.directory().resolve("results.json").toFile())
                        .at("/versions/commit")
                        .asText())
                .matches("[0-9a-f]{40}(-dirty)?");
    }

    @Test
    void saysSoWhenTheRunIsNotInAGitCheckout() throws Exception {
        RunReport report = RunReport.start(reports).describeCommit(reports);
        report.write();

        assertThat(Mappers.JSON
                        .readTree(report.directory().resolve("results.json").toFile())
                        .at("/versions/commit")
                        .asText())
                .isEqualTo("unknown: " + reports + " is not a git checkout");
    }

    @Test
    void describesTheChartFromItsChartYaml() throws Exception {
        Path chart = Path.of("charts/mlflow");
        RunReport report = RunReport.start(reports).describeChart(chart, Files.readString(chart.resolve("Chart.yaml")));
        report.add(PASSED);

        JsonNode versions = Mappers.JSON
                .readTree(report.directory().resolve("results.json").toFile())
                .get("versions");
        assertThat(versions.get("chart mlflow").asText())
                .matches("mlflow \\d+\\.\\d+\\.\\d+, appVersion \\d+\\.\\d+\\.\\d+");
    }

    @Test
    void pointsLatestAtTheNewestRun() throws Exception {
        RunReport report = RunReport.start(reports);

        assertThat(reports.resolve("latest").toRealPath())
                .isEqualTo(report.directory().toRealPath());
    }
}
