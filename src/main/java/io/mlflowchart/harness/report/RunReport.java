package io.mlflowchart.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.testcontainers.DockerClientFactory;

/**
 * What a run writes under {@code reports/<run-id>/}: {@code results.json} for machines, {@code summary.md} for a
 * pull-request comment, {@code index.html} for a person, {@code bench.md} for where the time went, and one folder of diagnostics per failed scenario.
 * Rewritten after every scenario, so an interrupted run still leaves what it finished; {@code reports/latest}
 * points at the newest run.
 */
public final class RunReport {

    private final Path directory;

    private final String runId;

    private final Instant started = Instant.now();

    private final Map<String, String> versions = new LinkedHashMap<>();

    private final List<ScenarioResult> scenarios = new ArrayList<>();

    private RunReport(Path reports, String runId) {
        this.runId = runId;
        this.directory = reports.resolve(runId);
    }

    public static RunReport start(Path reports) {
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
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

    /** Names a component the run involved and its version, for the report's versions table. */
    public synchronized RunReport describe(String component, String version) {
        versions.put(component, version);
        return this;
    }

    /** An image by name, with its ID where the local Docker engine has it: a tag can be moved, an ID cannot. */
    public RunReport describeImage(String component, String image) {
        String id;
        try {
            id = DockerClientFactory.instance()
                    .client()
                    .inspectImageCmd(image)
                    .exec()
                    .getId();
        } catch (RuntimeException notLocal) {
            // Not pulled yet (the engine pulls it when the container starts) or no Docker: the name is what we know.
            id = null;
        }
        return describe(component, id == null ? image : image + " (" + id + ")");
    }

    /** A chart's name, version and appVersion, from its {@code Chart.yaml} as {@code helm show chart} prints it. */
    public RunReport describeChart(Path chart, String chartYaml) {
        try {
            JsonNode metadata = Mappers.YAML.readTree(chartYaml);
            return describe(
                    "chart " + chart.getFileName(),
                    metadata.path("name").asText() + " "
                            + metadata.path("version").asText() + ", appVersion "
                            + metadata.path("appVersion").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("the Chart.yaml of " + chart + " is not YAML: " + chartYaml, e);
        }
    }

    public synchronized void add(ScenarioResult result) {
        scenarios.add(result);
        write();
    }

    public synchronized List<ScenarioResult> scenarios() {
        return List.copyOf(scenarios);
    }

    private void write() {
        RunResults results = new RunResults(
                runId, started, Duration.between(started, Instant.now()).toMillis(), versions, scenarios);
        try {
            Mappers.JSON.writeValue(directory.resolve("results.json").toFile(), results);
            Files.writeString(directory.resolve("summary.md"), summary());
            Files.writeString(directory.resolve("index.html"), new ReportPage(results, directory).html());
            Files.writeString(directory.resolve(BenchTable.FILE), new BenchTable(results).markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report in " + directory, e);
        }
    }

    String summary() {
        StringBuilder md = new StringBuilder("## MLflow chart end-to-end run " + runId + "\n\n")
                .append("| scenario | profile | MLflow | outcome | duration | failed step |\n")
                .append("|---|---|---|---|---|---|\n");
        for (ScenarioResult scenario : scenarios) {
            String failed = scenario.steps().stream()
                    .filter(step -> step.outcome() == StepResult.Outcome.FAILED)
                    .map(StepResult::name)
                    .findFirst()
                    .orElse("");
            md.append("| ")
                    .append(scenario.name())
                    .append(" | ")
                    .append(scenario.profile())
                    .append(" | ")
                    .append(scenario.mlflow())
                    .append(" | ")
                    .append(scenario.passed() ? "passed" : "**FAILED**")
                    .append(" | ")
                    .append(scenario.durationMillis() / 1000)
                    .append(" s | ")
                    .append(failed)
                    .append(" |\n");
        }
        scenarios.stream()
                .filter(scenario -> !scenario.passed())
                .forEach(scenario -> md.append("\nReproduce ")
                        .append(scenario.name())
                        .append(": `")
                        .append(scenario.reproduce())
                        .append("`\n"));
        return md.toString();
    }

    /** The run's verdict in one line: which scenarios failed, and where the report is. */
    public synchronized String verdict() {
        List<String> failed = scenarios.stream()
                .filter(scenario -> !scenario.passed())
                .map(ScenarioResult::name)
                .toList();
        return (failed.isEmpty()
                        ? "all " + scenarios.size() + " scenarios passed"
                        : failed.size() + " of " + scenarios.size() + " scenarios FAILED: " + String.join(", ", failed))
                + " — report: " + directory.resolve("index.html");
    }
}
