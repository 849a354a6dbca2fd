package io.mlflowchart.harness.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a run writes under {@code reports/<run-id>/}: {@code results.json} for machines, {@code summary.md} for a
 * pull-request comment, and one folder of diagnostics per failed scenario. Rewritten after every scenario, so an
 * interrupted run still leaves what it finished; {@code reports/latest} points at the newest run.
 */
public final class RunReport {

    private final Path directory;

    private final String runId;

    private final Instant started = Instant.now();

    private final List<ScenarioResult> scenarios = new ArrayList<>();

    private RunReport(Path reports, String runId) {
        this.runId = runId;
        this.directory = reports.resolve(runId);
    }

    public static RunReport start(Path reports) {
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(Instant.now());
        RunReport report = new RunReport(reports, runId);
        try {
            Files.createDirectories(report.directory);
            Path latest = reports.resolve("latest");
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, Path.of(runId));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the report folder " + report.directory, e);
        }
        return report;
    }

    public Path directory() {
        return directory;
    }

    /** A folder for one scenario's diagnostics. */
    public Path scenarioDirectory(String scenario) {
        return directory.resolve(scenario);
    }

    public synchronized void add(ScenarioResult result) {
        scenarios.add(result);
        write();
    }

    public synchronized List<ScenarioResult> scenarios() {
        return List.copyOf(scenarios);
    }

    private void write() {
        try {
            ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            json.writeValue(directory.resolve("results.json").toFile(), Map.of(
                "schemaVersion", 1,
                "runId", runId,
                "started", started.toString(),
                "passed", scenarios.stream().allMatch(ScenarioResult::passed),
                "scenarios", scenarios));
            Files.writeString(directory.resolve("summary.md"), summary());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report in " + directory, e);
        }
    }

    String summary() {
        StringBuilder md = new StringBuilder("## MLflow chart end-to-end run " + runId + "\n\n")
            .append("| scenario | profile | MLflow | outcome | duration | failed step |\n")
            .append("|---|---|---|---|---|---|\n");
        for (ScenarioResult scenario : scenarios) {
            String failed = scenario.steps().stream().filter(step -> step.outcome() == StepResult.Outcome.FAILED)
                .map(StepResult::name).findFirst().orElse("");
            md.append("| ").append(scenario.name()).append(" | ").append(scenario.profile()).append(" | ")
                .append(scenario.mlflow()).append(" | ").append(scenario.passed() ? "passed" : "**FAILED**").append(" | ")
                .append(scenario.durationMillis() / 1000).append(" s | ").append(failed).append(" |\n");
        }
        return md.toString();
    }
}
