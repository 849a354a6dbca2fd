package io.mlflowchart.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mlflowchart.harness.report.StepResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunReportTest {

    @TempDir
    Path reports;

    private final ScenarioResult passed = new ScenarioResult("dev-smoke", "scenarios/dev-smoke.yaml", "dev", "chart default",
        List.of(new StepResult("install", 8, Outcome.PASSED, 90_000, null, null)), null);

    private final ScenarioResult failed = new ScenarioResult("prod-smoke", "scenarios/prod-smoke.yaml", "prod", "2.9.2",
        List.of(new StepResult("install", 8, Outcome.PASSED, 100_000, null, null),
            new StepResult("verify", 10, Outcome.FAILED, 5_000, "run 'exp-1/run-1' param 'lr': expected 0.1 but was 0.2", null),
            new StepResult("helm-test", 11, Outcome.SKIPPED, 0, "skipped: verify failed", null)),
        "reports/x/prod-smoke");

    @Test
    void writesResultsForMachinesAndASummaryNamingTheFailedStep() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(passed);
        report.add(failed);

        JsonNode results = new ObjectMapper().readTree(report.directory().resolve("results.json").toFile());
        assertThat(results.get("passed").asBoolean()).isFalse();
        assertThat(results.get("scenarios")).hasSize(2);
        assertThat(results.at("/scenarios/1/steps/1/detail").asText()).contains("expected 0.1 but was 0.2");
        assertThat(Files.readString(report.directory().resolve("summary.md")))
            .contains("| dev-smoke | dev | chart default | passed | 90 s |  |")
            .contains("| prod-smoke | prod | 2.9.2 | **FAILED** | 105 s | verify |");
    }

    @Test
    void pointsLatestAtTheNewestRun() throws Exception {
        RunReport report = RunReport.start(reports);

        assertThat(reports.resolve("latest").toRealPath()).isEqualTo(report.directory().toRealPath());
    }
}
