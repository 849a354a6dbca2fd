package io.mlflowchart.harness.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.timing.CpuUse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The reports of a run's shards ({@code -Dshard=i/n} on n machines) as one report, written as a run writes its own:
 * {@code reports/<earliest shard's run id>-merged/} with {@code results.json}, {@code summary.md}, {@code index.html}
 * and each scenario's folder, {@code reports/latest} pointing at it. Run from the repository root:
 *
 * <pre>{@code ./mvnw -q compile exec:java@merge-reports -Dreports.merge=shards}</pre>
 *
 * {@code reports.merge} is a comma list of {@code results.json} files or folders holding them at any depth (the
 * shards' downloaded report folders). Reports that do not belong to one run are refused before anything is written:
 * another schema version, another number of shards, the same shard twice, another commit or chart. A shard with no
 * report is named as missing in the merged report, which then does not pass. Exits non-zero exactly when the merged
 * run did not pass, as {@code ./mvnw verify} does.
 */
public final class ShardMerge {

    public static final HarnessProperty INPUTS = new HarnessProperty("reports.merge", "");

    /** Where runs write their reports: the run's own setting, so the merge lands beside them. */
    public static final HarnessProperty REPORTS = new HarnessProperty("reports.path", "reports");

    private static final String RESULTS = "results.json";

    private ShardMerge() {}

    public static void main(String[] args) {
        Settings settings = Settings.ofThisProcess();
        String inputs = INPUTS.valueIn(settings);
        if (inputs.isBlank()) {
            throw new IllegalArgumentException("-D" + INPUTS.name() + " (or " + INPUTS.environmentVariable()
                    + ") is not set: give the shards' report folders, e.g. -D" + INPUTS.name()
                    + "=shards or -D" + INPUTS.name() + "=shard-1/reports,shard-2/reports");
        }
        List<Path> paths = Arrays.stream(inputs.split(","))
                .map(String::strip)
                .filter(path -> !path.isEmpty())
                .map(Path::of)
                .toList();
        Merge merge = merge(read(paths));
        RunResults merged = merge.results();
        Path directory = write(merge, Path.of(REPORTS.valueIn(settings)), paths);
        String verdict = RunReport.verdict(merged, directory);
        if (!merged.passed()) {
            throw new IllegalStateException("merged run FAILED, " + verdict);
        }
        System.out.println("merged run passed, " + verdict);
    }

    /**
     * Every {@code results.json} at or under {@code paths}, each run's once (symbolic links such as {@code latest} are
     * not followed, and a copy of one is skipped).
     */
    static List<ShardReport> read(List<Path> paths) {
        List<ShardReport> reports = new ArrayList<>();
        for (Path path : paths) {
            List<Path> found;
            try (Stream<Path> walk = Files.walk(path)) {
                found = walk.filter(file -> file.getFileName().toString().equals(RESULTS) && Files.isRegularFile(file))
                        .sorted()
                        .toList();
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        "-D" + INPUTS.name() + ": cannot read " + path + " (" + e + "): give existing report folders",
                        e);
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException("-D" + INPUTS.name() + ": no " + RESULTS + " at or under " + path
                        + ": give the folders the shards wrote their reports in (reports/<run-id>/)");
            }
            found.stream().map(ShardReport::read).forEach(reports::add);
        }
        // A copy of a report, as an artifact upload that followed reports/latest leaves beside the original, is read
        // once.
        Map<String, ShardReport> distinct = new LinkedHashMap<>();
        reports.forEach(report -> distinct.putIfAbsent(
                report.results().runId() + " " + report.results().shards(), report));
        return List.copyOf(distinct.values());
    }

    /** One report of the shards in {@code reports}, refused with every reason when they are not of one run. */
    static Merge merge(List<ShardReport> reports) {
        List<ShardReport> ordered = reports.stream()
                .sorted(Comparator.comparing((ShardReport report) ->
                        report.results().shards().included().get(0)))
                .toList();
        List<String> problems = new ArrayList<>();
        ShardReport first = ordered.get(0);
        int count = first.results().shards().count();
        Map<Integer, ShardReport> byShard = new LinkedHashMap<>();
        Map<String, ShardReport> byScenario = new LinkedHashMap<>();
        for (ShardReport report : ordered) {
            Shards shards = report.results().shards();
            if (shards.count() != count) {
                problems.add(report.file() + " is " + shards.describe() + " but " + first.file() + " is "
                        + first.results().shards().describe()
                        + ": the shards of one run are split into the same number n");
            }
            for (int index : shards.included()) {
                ShardReport other = byShard.putIfAbsent(index, report);
                if (other != null) {
                    problems.add("shard " + index + " is in both " + other.file() + " and " + report.file()
                            + ": give each shard's report once");
                }
            }
            for (ScenarioResult scenario : report.results().scenarios()) {
                ShardReport other = byScenario.putIfAbsent(scenario.name(), report);
                if (other != null && other != report) {
                    problems.add("scenario " + scenario.name() + " is in both " + other.file() + " and " + report.file()
                            + ": the shards of one run split the same scenarios");
                }
            }
            identity(first.results()).forEach((component, version) -> {
                String theirs = identity(report.results()).get(component);
                if (!Objects.equals(version, theirs)) {
                    problems.add(report.file() + " has " + component + " '" + theirs + "' but " + first.file()
                            + " has '" + version + "': these shards tested different code; merge the reports of"
                            + " one run (one commit, one chart)");
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "these reports are not the shards of one run, nothing merged:\n  " + String.join("\n  ", problems));
        }
        ShardReport earliest = ordered.stream()
                .min(Comparator.comparing(
                        (ShardReport report) -> report.results().started()))
                .orElseThrow();
        return new Merge(
                new RunResults(
                        earliest.results().runId(),
                        earliest.results().started(),
                        elapsedMillis(ordered, earliest.results().started()),
                        cpu(ordered),
                        versions(ordered),
                        Shards.merged(count, byShard.keySet()),
                        ordered.stream()
                                .flatMap(report -> report.results().scenarios().stream())
                                .toList()),
                byScenario.entrySet().stream()
                        .collect(Collectors.toMap(
                                Map.Entry::getKey,
                                entry -> entry.getValue().directory().resolve(entry.getKey()))));
    }

    /** The machines' CPU together; unknown when a shard did not record its own. */
    private static CpuUse cpu(List<ShardReport> shards) {
        return shards.stream()
                .map(shard -> Optional.ofNullable(shard.results().cpu()))
                .reduce((a, b) -> a.flatMap(one -> b.map(one::plus)))
                .flatMap(sum -> sum)
                .orElse(null);
    }

    /** Shards run side by side: from the earliest start to the latest end. */
    private static long elapsedMillis(List<ShardReport> shards, Instant start) {
        return shards.stream()
                .mapToLong(shard -> Duration.between(
                                start,
                                shard.results()
                                        .started()
                                        .plusMillis(shard.results().elapsedMillis()))
                        .toMillis())
                .max()
                .orElse(0);
    }

    /** The merged run, and where each scenario's folder is in its shard's report. */
    record Merge(RunResults results, Map<String, Path> folders) {}

    /** What the shards of one run share: the commit and the charts. Tools and images may differ between machines. */
    private static Map<String, String> identity(RunResults results) {
        Map<String, String> identity = new LinkedHashMap<>();
        identity.put(RunReport.COMMIT, results.versions().get(RunReport.COMMIT));
        results.versions().forEach((component, version) -> {
            if (component.startsWith("chart ")) {
                identity.put(component, version);
            }
        });
        return identity;
    }

    /** Each component once: its version where the shards agree, else each shard's. */
    private static Map<String, String> versions(List<ShardReport> reports) {
        Set<String> components = new LinkedHashSet<>();
        reports.forEach(report -> components.addAll(report.results().versions().keySet()));
        Map<String, String> versions = new LinkedHashMap<>();
        for (String component : components) {
            Map<String, String> byShard = new LinkedHashMap<>();
            reports.forEach(report -> byShard.put(
                    report.results().shards().included().stream()
                            .map(String::valueOf)
                            .collect(Collectors.joining(", ")),
                    report.results().versions().getOrDefault(component, "none")));
            versions.put(
                    component,
                    new LinkedHashSet<>(byShard.values()).size() == 1
                            ? byShard.values().iterator().next()
                            : byShard.entrySet().stream()
                                    .map(shard -> "shard " + shard.getKey() + ": " + shard.getValue())
                                    .collect(Collectors.joining("; ")));
        }
        return versions;
    }

    /**
     * Writes {@code merge} under {@code reports}, with each scenario's folder copied from its shard's report so the
     * page's links work; {@code diagnostics} then names the copy, from the working directory (null where the shard's
     * report had no folder for it). Returns the merged report's folder.
     */
    static Path write(Merge merge, Path reports, List<Path> inputs) {
        RunResults merged = merge.results();
        Path directory = reports.resolve(merged.runId() + "-merged");
        for (Path input : inputs) {
            if (input.toAbsolutePath()
                    .normalize()
                    .startsWith(directory.toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("-D" + INPUTS.name() + ": " + input + " is inside " + directory
                        + ", the folder the merge replaces: give the shards' own report folders");
            }
        }
        deleteTree(directory);
        RunReport.createAsLatest(reports, directory.getFileName().toString());
        List<ScenarioResult> scenarios = new ArrayList<>();
        for (ScenarioResult scenario : merged.scenarios()) {
            Path folder = merge.folders().get(scenario.name());
            Path copy = directory.resolve(scenario.name());
            boolean copied = Files.isDirectory(folder);
            if (copied) {
                copyTree(folder, copy);
            }
            scenarios.add(new ScenarioResult(
                    scenario.name(),
                    scenario.file(),
                    scenario.profile(),
                    scenario.mlflow(),
                    scenario.steps(),
                    copied
                            ? Path.of("")
                                    .toAbsolutePath()
                                    .relativize(copy.toAbsolutePath())
                                    .toString()
                            : null,
                    scenario.reproduce()));
        }
        RunReport.writeTo(
                directory,
                new RunResults(
                        merged.runId(),
                        merged.started(),
                        merged.elapsedMillis(),
                        merged.cpu(),
                        merged.versions(),
                        merged.shards(),
                        scenarios));
        return directory;
    }

    /** Copies {@code from} to {@code to}, files and folders. */
    private static void copyTree(Path from, Path to) {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path path : walk.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + from + " to " + to, e);
        }
    }

    private static void deleteTree(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not empty the merged report's folder " + directory, e);
        }
    }

    /** One shard's {@code results.json}, as read. */
    record ShardReport(Path file, RunResults results) {

        static ShardReport read(Path file) {
            try {
                JsonNode tree = Mappers.JSON.readTree(file.toFile());
                int schema = tree.path("schemaVersion").asInt(-1);
                if (schema != RunResults.SCHEMA_VERSION) {
                    throw new IllegalArgumentException(file + " has schemaVersion " + tree.path("schemaVersion")
                            + ", this harness reads " + RunResults.SCHEMA_VERSION
                            + ": merge with the commit the shards ran, or re-run them with this one");
                }
                return new ShardReport(file, Mappers.JSON.treeToValue(tree, RunResults.class));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        file + " is not a results.json the harness wrote: " + e.getMessage(), e);
            }
        }

        Path directory() {
            return file.getParent();
        }
    }
}
