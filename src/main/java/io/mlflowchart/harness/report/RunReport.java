package io.mlflowchart.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.images.LocalDocker;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import io.mlflowchart.harness.timing.CpuClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run writes under {@code reports/<run-id>/}: {@code results.json} for machines, {@code summary.md} for a
 * pull-request comment, {@code index.html} for a person, {@code bench.md} for where the time went, and one folder of diagnostics per failed scenario.
 * Rewritten after every scenario, so an interrupted run still leaves what it finished; {@code reports/latest}
 * points at the newest run.
 */
public final class RunReport {

    /** The versions entry naming the commit the run tested. */
    public static final String COMMIT = "commit";

    private final Path directory;

    private final String runId;

    private final Instant started = Instant.now();

    private final CpuClock cpu = CpuClock.start();

    private final Map<String, String> versions = new LinkedHashMap<>();

    private final List<ScenarioResult> scenarios = new ArrayList<>();

    private final Shards shards;

    private RunReport(Path reports, String runId, Shards shards) {
        this.runId = runId;
        this.directory = reports.resolve(runId);
        this.shards = shards;
    }

    /** A run that is not split. */
    public static RunReport start(Path reports) {
        return start(reports, Shards.WHOLE);
    }

    /** The run of {@code shards} (one shard of a split run, or the whole). */
    public static RunReport start(Path reports, Shards shards) {
        String runId = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
                .withZone(ZoneOffset.UTC)
                .format(Instant.now());
        RunReport report = new RunReport(reports, runId, shards);
        createAsLatest(reports, runId);
        return report;
    }

    /** Creates {@code reports/<folder>} and points {@code reports/latest} at it. */
    static Path createAsLatest(Path reports, String folder) {
        Path directory = reports.resolve(folder);
        try {
            Files.createDirectories(directory);
            Path latest = reports.resolve("latest");
            Files.deleteIfExists(latest);
            Files.createSymbolicLink(latest, Path.of(folder));
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the report folder " + directory, e);
        }
        return directory;
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
        Optional<String> id;
        try {
            // Not pulled yet (the engine pulls it when the container starts): the name is what we know.
            id = new LocalDocker().imageId(image);
        } catch (RuntimeException noDocker) {
            id = Optional.empty();
        }
        return describe(component, id.map(known -> image + " (" + known + ")").orElse(image));
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

    /**
     * The commit of {@code checkout} the run tested, {@code -dirty} when tracked files differ from it: the shards of
     * one run must share it to be merged ({@link ShardMerge}).
     */
    public RunReport describeCommit(Path checkout) {
        String commit;
        try {
            commit = new ExternalCommand(
                            List.of("git", "describe", "--always", "--dirty", "--abbrev=40"), Duration.ofSeconds(30))
                    .in(checkout.toAbsolutePath())
                    .run()
                    .strip();
        } catch (IOException | ExternalCommandException notGit) {
            commit = "unknown: " + checkout + " is not a git checkout";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            commit = "unknown: interrupted";
        }
        return describe(COMMIT, commit);
    }

    /** Kept in the order of the scenario files, whichever of the scenarios running at once ends first. */
    public synchronized void add(ScenarioResult result) {
        scenarios.add(result);
        scenarios.sort(Comparator.comparing(ScenarioResult::file));
        write();
    }

    public synchronized List<ScenarioResult> scenarios() {
        return List.copyOf(scenarios);
    }

    /** Writes the report as it stands (every {@link #add} does): a run that has not finished a scenario has one too. */
    public synchronized void write() {
        writeTo(directory, results());
    }

    /** The run as it stands now. */
    private RunResults results() {
        return new RunResults(
                runId,
                started,
                Duration.between(started, Instant.now()).toMillis(),
                cpu.sinceStart().orElse(null),
                versions,
                shards,
                scenarios);
    }

    /** {@code results.json}, {@code summary.md}, {@code index.html} and the bench table of {@code results}. */
    static void writeTo(Path directory, RunResults results) {
        try {
            Mappers.JSON.writeValue(directory.resolve("results.json").toFile(), results);
            Files.writeString(directory.resolve("summary.md"), summary(results));
            Files.writeString(directory.resolve("index.html"), new ReportPage(results, directory).html());
            Files.writeString(directory.resolve(BenchTable.FILE), new BenchTable(results).markdown());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the report in " + directory, e);
        }
    }

    static String summary(RunResults results) {
        StringBuilder md = new StringBuilder("## MLflow chart end-to-end run " + results.runId()
                        + (results.shards().split() ? ", " + results.shards().describe() : "") + "\n\n")
                .append("| scenario | profile | MLflow | outcome | duration | failed step |\n")
                .append("|---|---|---|---|---|---|\n");
        for (ScenarioResult scenario : results.scenarios()) {
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
        results.scenarios().stream()
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
        return verdict(results(), directory);
    }

    /** {@code results}' verdict, for its report in {@code directory}: the shards, the failed scenarios, the page. */
    static String verdict(RunResults results, Path directory) {
        List<ScenarioResult> scenarios = results.scenarios();
        List<String> failed = scenarios.stream()
                .filter(scenario -> !scenario.passed())
                .map(ScenarioResult::name)
                .toList();
        String outcome;
        if (scenarios.isEmpty()) {
            outcome = "no scenario ran";
        } else if (failed.isEmpty()) {
            outcome = "all " + scenarios.size() + " scenarios passed";
        } else {
            outcome = failed.size() + " of " + scenarios.size() + " scenarios FAILED: " + String.join(", ", failed);
        }
        return (results.shards().split() ? results.shards().describe() + ": " : "") + outcome + " — report: "
                + directory.resolve("index.html");
    }
}
