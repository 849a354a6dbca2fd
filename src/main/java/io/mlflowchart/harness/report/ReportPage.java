package io.mlflowchart.harness.report;

import io.mlflowchart.harness.availability.Availability;
import io.mlflowchart.harness.mlflow.DataSnapshot.Counts;
import io.mlflowchart.harness.report.StepResult.Outcome;
import io.mlflowchart.harness.timing.TimeSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jsoup.nodes.DataNode;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Entities;
import org.jsoup.parser.ParseSettings;
import org.jsoup.parser.Parser;

/**
 * {@code index.html}: the run for a person, in one file that opens from disk (inline CSS and SVG, nothing
 * fetched). The scenario x step matrix, the versions involved, the data counts each step read, and per scenario a
 * timeline of its steps, the failure text (a snapshot diff where data differed) and links to the diagnostics in
 * its folder, {@code directory/<scenario>/}. Built as a DOM (jsoup's), which escapes every text from the model.
 */
record ReportPage(RunResults run, Path directory) {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private static final List<Column> COUNT_COLUMNS = List.of(
            new Column("experiments", Counts::experiments),
            new Column("runs", Counts::runs),
            new Column("params", Counts::params),
            new Column("tags", Counts::tags),
            new Column("metric points", Counts::metricPoints),
            new Column("artifacts", Counts::artifacts),
            new Column("artifact bytes", Counts::artifactBytes),
            new Column("registered models", Counts::registeredModels),
            new Column("model versions", Counts::modelVersions),
            new Column("aliases", Counts::aliases),
            new Column("logged models", Counts::loggedModels),
            new Column("dataset inputs", Counts::datasetInputs),
            new Column("traces", Counts::traces),
            new Column("spans", Counts::spans),
            new Column("deleted experiments", Counts::deletedExperiments),
            new Column("deleted runs", Counts::deletedRuns),
            new Column("longest value", Counts::longestValue),
            new Column("webhooks", Counts::webhooks),
            new Column("evaluation datasets", Counts::evaluationDatasets),
            new Column("dataset records", Counts::datasetRecords),
            new Column("scorer versions", Counts::scorerVersions));

    /** Timeline geometry, in SVG user units: step labels left, bars in the middle, durations right. */
    private static final int CHART_WIDTH = 900;

    private static final int LABEL_WIDTH = 170;

    private static final int BAR_AREA = 640;

    private static final int ROW_HEIGHT = 22;

    private static final int AXIS_HEIGHT = 24;

    private static final String STYLE = """
        body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5em auto; max-width: 1200px; padding: 0 1em; color: #1d2329; }
        h1 { font-size: 1.5em; margin-bottom: .2em; }
        h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d0d7de; padding-bottom: .2em; }
        h3 { font-size: 1em; }
        table { border-collapse: collapse; margin: .5em 0; }
        th, td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: left; vertical-align: top; }
        thead th { background: #f3f5f7; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; }
        tbody th, #counts td { white-space: nowrap; }
        .passed { background: #dafbe1; }
        .failed { background: #ffebe9; }
        .skipped { background: #f3f5f7; color: #6e7781; }
        .empty { border: none; }
        td.step { white-space: nowrap; }
        td.step .duration { display: block; font-size: .85em; color: #57606a; }
        .verdict { display: inline-block; padding: .1em .6em; border-radius: 1em; font-weight: 600; }
        pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .8em; overflow-x: auto; white-space: pre-wrap; }
        svg.timeline { max-width: 100%; height: auto; }
        svg.timeline text { font: 12px system-ui, sans-serif; fill: #1d2329; }
        svg.timeline text.axis { fill: #57606a; }
        svg.timeline line { stroke: #d0d7de; }
        svg.timeline rect.passed { fill: #2da44e; }
        svg.timeline rect.failed { fill: #cf222e; }
        svg.timeline rect.outlined { fill: none; stroke-width: 1.5; }
        svg.timeline rect.outlined.passed { stroke: #2da44e; }
        svg.timeline rect.outlined.failed { stroke: #cf222e; }
        .kubernetes { fill: #326ce5; background: #326ce5; }
        .mlflow { fill: #e36209; background: #e36209; }
        .harness { fill: #afb8c1; background: #afb8c1; }
        .swatch { display: inline-block; width: .8em; height: .8em; margin: 0 .3em 0 .8em; vertical-align: -.05em; }
        .meta { color: #57606a; }
        """;

    String html() {
        String verdict = run.passed() ? "passed" : "failed";
        Document page = new Document("");
        // As written, not lower-cased as HTML attribute names are: SVG's viewBox is case-sensitive.
        page.parser(Parser.htmlParser().settings(ParseSettings.preserveCase));
        page.appendChild(new DocumentType("html", "", ""));
        Element html = page.appendElement("html").attr("lang", "en");
        Element head = html.appendElement("head");
        head.appendElement("meta").attr("charset", "utf-8");
        head.appendElement("meta").attr("name", "viewport").attr("content", "width=device-width, initial-scale=1");
        head.appendElement("title").text("MLflow chart run " + run.runId() + ": " + verdict);
        head.appendElement("style").appendChild(new DataNode(STYLE));
        Element body = html.appendElement("body");
        header(body, verdict);
        matrix(body);
        versions(body);
        counts(body);
        availability(body);
        for (ScenarioResult scenario : run.scenarios()) {
            scenario(body, scenario);
        }
        return page.outerHtml() + "\n";
    }

    private void header(Element body, String verdict) {
        long failed =
                run.scenarios().stream().filter(scenario -> !scenario.passed()).count();
        body.appendElement("h1").text("MLflow chart end-to-end run " + orEmpty(run.runId()));
        Element summary = body.appendElement("p");
        summary.appendElement("span")
                .attr("id", "verdict")
                .attr("class", "verdict " + verdict)
                .text(verdict.toUpperCase(Locale.ROOT));
        summary.appendText(" " + run.scenarios().size() + " scenarios, " + failed + " failed ");
        Element meta = summary.appendElement("span")
                .attr("class", "meta")
                .text("· started " + TIME.format(run.started()) + " · "
                        + duration(run.scenarios().stream()
                                .mapToLong(ScenarioResult::durationMillis)
                                .sum()) + " of steps · ");
        meta.appendElement("a").attr("href", "results.json").text("results.json");
        meta.appendText(" · ").appendElement("a").attr("href", "summary.md").text("summary.md");
        Shards shards = run.shards();
        if (shards.split()) {
            body.appendElement("p")
                    .attr("id", "shards")
                    .attr("class", shards.missing().isEmpty() ? "meta" : "verdict failed")
                    .text(shardsLine(shards));
        }
    }

    /** What part of a split run the page shows, so a shard's page is not taken for the whole run. */
    private static String shardsLine(Shards shards) {
        if (!shards.missing().isEmpty()) {
            return shards.describe() + ": the scenarios of the missing shards are not in this report";
        }
        return shards.included().size() == shards.count()
                ? "All " + shards.count() + " shards, merged."
                : "This is " + shards.describe() + " of a split run: it holds that shard's scenarios only.";
    }

    private void matrix(Element body) {
        int columns = run.scenarios().stream()
                .mapToInt(scenario -> scenario.steps().size())
                .max()
                .orElse(0);
        body.appendElement("h2").text("Scenarios and steps");
        Element rows = table(
                body,
                "matrix",
                Stream.concat(
                                Stream.of("scenario", "profile", "MLflow", "outcome", "duration"),
                                IntStream.rangeClosed(1, columns).mapToObj(Integer::toString))
                        .toList());
        for (ScenarioResult scenario : run.scenarios()) {
            String outcome = scenario.passed() ? "passed" : "failed";
            Element row = rows.appendElement("tr").attr("data-scenario", orEmpty(scenario.name()));
            row.appendElement("th")
                    .appendElement("a")
                    .attr("href", "#" + anchor("scenario", scenario))
                    .text(orEmpty(scenario.name()));
            row.appendElement("td").text(orEmpty(scenario.profile()));
            row.appendElement("td").text(orEmpty(scenario.mlflow()));
            row.appendElement("td").attr("class", outcome).text(outcome);
            row.appendElement("td").attr("class", "number").text(duration(scenario.durationMillis()));
            for (StepResult step : scenario.steps()) {
                String outcomeName = step.outcome().name().toLowerCase(Locale.ROOT);
                Element cell = row.appendElement("td")
                        .attr("class", "step " + outcomeName)
                        .attr(
                                "title",
                                scenario.file() + ":" + step.line() + ": " + outcomeName
                                        + (step.detail() == null ? "" : "\n" + step.detail()));
                if (step.outcome() == Outcome.FAILED) {
                    cell.appendElement("a")
                            .attr("href", "#" + anchor("failure", scenario))
                            .text(orEmpty(step.name()));
                } else {
                    cell.appendText(orEmpty(step.name()));
                }
                cell.appendElement("span")
                        .attr("class", "duration")
                        .text(step.outcome() == Outcome.SKIPPED ? "skipped" : duration(step.durationMillis()));
            }
            for (int i = scenario.steps().size(); i < columns; i++) {
                row.appendElement("td").attr("class", "empty");
            }
        }
    }

    private void versions(Element body) {
        body.appendElement("h2").text("Versions");
        if (run.versions().isEmpty()) {
            body.appendElement("p").attr("class", "meta").text("none recorded");
            return;
        }
        Element rows = table(body, "versions", List.of("component", "version"));
        run.versions().forEach((component, version) -> {
            Element row = rows.appendElement("tr");
            row.appendElement("th").text(orEmpty(component));
            row.appendElement("td").appendElement("code").text(orEmpty(version));
        });
    }

    /** One row per step that read MLflow's data, so a count that drops between steps stands out. */
    private void counts(Element body) {
        body.appendElement("h2").text("Data counts");
        if (run.scenarios().stream()
                .flatMap(scenario -> scenario.steps().stream())
                .allMatch(step -> step.counts() == null)) {
            body.appendElement("p").attr("class", "meta").text("no step read MLflow's data");
            return;
        }
        Element rows = table(
                body,
                "counts",
                Stream.concat(
                                Stream.of("scenario", "after step"),
                                COUNT_COLUMNS.stream().map(Column::header))
                        .toList());
        for (ScenarioResult scenario : run.scenarios()) {
            for (int i = 0; i < scenario.steps().size(); i++) {
                StepResult step = scenario.steps().get(i);
                if (step.counts() == null) {
                    continue;
                }
                Element row = rows.appendElement("tr");
                row.appendElement("th").text(orEmpty(scenario.name()));
                row.appendElement("td").text((i + 1) + " " + orEmpty(step.name()));
                COUNT_COLUMNS.forEach(column -> row.appendElement("td")
                        .attr("class", "number")
                        .text(String.format(Locale.ROOT, "%,d", column.value().applyAsLong(step.counts()))));
            }
        }
    }

    /**
     * One row per step a background client ran under (a scenario's {@code traffic:}): what it sent, what failed and
     * how, the longest time without a successful read, and whether every write MLflow acknowledged was found after.
     * Only when a step was measured.
     */
    private void availability(Element body) {
        if (run.scenarios().stream()
                .flatMap(scenario -> scenario.steps().stream())
                .allMatch(step -> step.availability() == null)) {
            return;
        }
        body.appendElement("h2").text("Availability");
        Element rows = table(
                body,
                "availability",
                List.of(
                        "scenario",
                        "during step",
                        "requests",
                        "failed reads",
                        "failed writes",
                        "longest read gap",
                        "acknowledged writes",
                        "found after",
                        "asserted",
                        "route"));
        for (ScenarioResult scenario : run.scenarios()) {
            for (int i = 0; i < scenario.steps().size(); i++) {
                StepResult step = scenario.steps().get(i);
                Availability figures = step.availability();
                if (figures == null) {
                    continue;
                }
                Element row = rows.appendElement("tr");
                row.appendElement("th").text(orEmpty(scenario.name()));
                row.appendElement("td").text((i + 1) + " " + orEmpty(step.name()));
                row.appendElement("td").attr("class", "number").text(String.valueOf(figures.requests()));
                failures(row, figures.failedReadCount(), figures.reads(), figures.failedReads());
                failures(row, figures.failedWriteCount(), figures.writes(), figures.failedWrites());
                row.appendElement("td").attr("class", "number").text(duration(figures.longestReadGapMillis()));
                row.appendElement("td").attr("class", "number").text(String.valueOf(figures.acknowledgedWrites()));
                boolean allFound =
                        figures.writesFound() != null && figures.writesFound() == figures.acknowledgedWrites();
                row.appendElement("td")
                        .attr("class", "number " + (allFound ? "passed" : "failed"))
                        .text(figures.writesFound() == null ? "not read back" : String.valueOf(figures.writesFound()));
                row.appendElement("td")
                        .text("no lost write" + (figures.promise() == null ? "" : ", " + figures.promise()));
                row.appendElement("td").attr("class", "meta").text(orEmpty(figures.route()));
            }
        }
    }

    /** {@code 2 of 180: connection refused 2}, or {@code 0 of 180}. */
    private static void failures(Element row, int failed, int sent, Map<String, Integer> byOutcome) {
        StringBuilder text = new StringBuilder(failed + " of " + sent);
        if (failed > 0) {
            text.append(": ");
            text.append(String.join(
                    ", ",
                    byOutcome.entrySet().stream()
                            .map(entry -> entry.getKey() + " " + entry.getValue())
                            .toList()));
        }
        row.appendElement("td")
                .attr("class", failed == 0 ? "number" : "number failed")
                .text(text.toString());
    }

    /** A table with one header row; returns its body, for the caller's rows. */
    private static Element table(Element parent, String id, List<String> headers) {
        Element table = parent.appendElement("table").attr("id", id);
        Element header = table.appendElement("thead").appendElement("tr");
        headers.forEach(name -> header.appendElement("th").text(name));
        return table.appendElement("tbody");
    }

    private void scenario(Element body, ScenarioResult scenario) {
        String outcome = scenario.passed() ? "passed" : "failed";
        Element section =
                body.appendElement("section").attr("class", "scenario").attr("id", anchor("scenario", scenario));
        section.appendElement("h2")
                .text(orEmpty(scenario.name()) + " ")
                .appendElement("span")
                .attr("class", "verdict " + outcome)
                .text(outcome);
        section.appendElement("p")
                .attr("class", "meta")
                .text(orEmpty(scenario.file()) + " · profile " + orEmpty(scenario.profile()) + " · MLflow "
                        + orEmpty(scenario.mlflow()) + " · " + duration(scenario.durationMillis()));
        section.appendElement("p")
                .attr("class", "meta")
                .text("Run it again alone: ")
                .appendElement("code")
                .attr("class", "reproduce")
                .text(orEmpty(scenario.reproduce()));
        timeline(section, scenario);
        for (int i = 0; i < scenario.steps().size(); i++) {
            StepResult step = scenario.steps().get(i);
            if (step.outcome() == Outcome.FAILED) {
                Element failure =
                        section.appendElement("div").attr("class", "failure").attr("id", anchor("failure", scenario));
                failure.appendElement("h3")
                        .text("Step " + (i + 1) + " " + orEmpty(step.name()) + " failed after "
                                + duration(step.durationMillis()) + " (" + scenario.file() + ":" + step.line() + ")");
                failure.appendElement("pre").attr("class", "diff").text(orEmpty(step.detail()));
            }
        }
        diagnostics(section, scenario);
    }

    /**
     * Steps as bars on the scenario's own clock: start offset from its first step, length its duration. A bar whose
     * split was recorded is filled with it, Kubernetes, MLflow then the harness (their sums, not their order in
     * time), and outlined in its outcome's colour.
     */
    private void timeline(Element section, ScenarioResult scenario) {
        List<StepResult> steps = scenario.steps();
        if (steps.stream().anyMatch(step -> step.split() != null)) {
            Element legend =
                    section.appendElement("p").attr("class", "meta legend").text("Time spent waiting on");
            for (Part part : Part.values()) {
                legend.appendElement("span").attr("class", "swatch " + part.css);
                legend.appendText(part.label);
            }
        }
        Instant origin = steps.stream()
                .map(StepResult::started)
                .filter(Objects::nonNull)
                .min(Instant::compareTo)
                .orElse(null);
        long span = Math.max(
                1,
                steps.stream()
                        .filter(step -> step.started() != null)
                        .mapToLong(step -> offset(origin, step) + step.durationMillis())
                        .max()
                        .orElse(1));
        int height = AXIS_HEIGHT + steps.size() * ROW_HEIGHT + 4;
        Element chart = svg(
                section,
                "svg",
                "class",
                "timeline",
                "xmlns",
                "http://www.w3.org/2000/svg",
                "width",
                CHART_WIDTH,
                "height",
                height,
                "viewBox",
                "0 0 " + CHART_WIDTH + " " + height,
                "role",
                "img",
                "aria-label",
                "timeline of " + scenario.name());
        for (int tick = 0; tick <= 4; tick++) {
            double x = LABEL_WIDTH + BAR_AREA * tick / 4.0;
            svg(chart, "line", "x1", x, "y1", AXIS_HEIGHT - 6, "x2", x, "y2", height);
            svg(chart, "text", "class", "axis", "x", x, "y", AXIS_HEIGHT - 10, "text-anchor", "middle")
                    .text(duration(span * tick / 4));
        }
        for (int i = 0; i < steps.size(); i++) {
            StepResult step = steps.get(i);
            String outcome = step.outcome().name().toLowerCase(Locale.ROOT);
            int y = AXIS_HEIGHT + i * ROW_HEIGHT;
            svg(chart, "text", "x", LABEL_WIDTH - 8, "y", y + 15, "text-anchor", "end")
                    .text((i + 1) + " " + step.name());
            if (step.started() == null) {
                svg(chart, "text", "class", "axis", "x", LABEL_WIDTH + 4, "y", y + 15)
                        .text(outcome);
                continue;
            }
            double x = LABEL_WIDTH + (double) BAR_AREA * offset(origin, step) / span;
            double width = Math.max(1.5, (double) BAR_AREA * step.durationMillis() / span);
            TimeSplit split = step.split();
            if (split != null) {
                double at = x;
                for (Part part : Part.values()) {
                    double partWidth = width * part.millis(split) / Math.max(1, step.durationMillis());
                    svg(
                                    chart,
                                    "rect",
                                    "class",
                                    part.css,
                                    "x",
                                    at,
                                    "y",
                                    y + 4,
                                    "width",
                                    partWidth,
                                    "height",
                                    ROW_HEIGHT - 8)
                            .appendElement("title", Parser.NamespaceSvg)
                            .text(part.label + ": " + duration(part.millis(split)));
                    at += partWidth;
                }
            }
            Element bar = svg(
                    chart,
                    "rect",
                    "class",
                    "step " + outcome + (split == null ? "" : " outlined"),
                    "x",
                    x,
                    "y",
                    y + 4,
                    "width",
                    width,
                    "height",
                    ROW_HEIGHT - 8,
                    "rx",
                    2);
            svg(bar, "title")
                    .text(step.name() + ": " + outcome + " in " + duration(step.durationMillis()) + ", from +"
                            + duration(offset(origin, step))
                            + (split == null
                                    ? ""
                                    : "; Kubernetes " + duration(split.kubernetesMillis()) + ", MLflow "
                                            + duration(split.mlflowMillis()) + ", harness "
                                            + duration(split.harnessMillis())));
            svg(chart, "text", "x", x + width + 4, "y", y + 15).text(duration(step.durationMillis()));
        }
    }

    /** The parts of a step's split, in the order a bar draws them. */
    private enum Part {
        KUBERNETES("kubernetes", "Kubernetes"),
        MLFLOW("mlflow", "MLflow"),
        HARNESS("harness", "the harness's own time");

        private final String css;

        private final String label;

        Part(String css, String label) {
            this.css = css;
            this.label = label;
        }

        long millis(TimeSplit split) {
            return switch (this) {
                case KUBERNETES -> split.kubernetesMillis();
                case MLFLOW -> split.mlflowMillis();
                case HARNESS -> split.harnessMillis();
            };
        }
    }

    /** An SVG element with its attributes as name, value, ...; decimals with one digit, as the chart's geometry needs. */
    private static Element svg(Element parent, String name, Object... attributes) {
        Element element = parent.appendElement(name, Parser.NamespaceSvg);
        for (int i = 0; i < attributes.length; i += 2) {
            Object value = attributes[i + 1];
            element.attr(
                    (String) attributes[i],
                    value instanceof Double decimal
                            ? String.format(Locale.ROOT, "%.1f", decimal)
                            : String.valueOf(value));
        }
        return element;
    }

    /** Every file in the scenario's folder (pod logs, events, helm history), linked relative to the page. */
    private void diagnostics(Element section, ScenarioResult scenario) {
        Path folder = directory.resolve(scenario.name());
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + folder, e);
        }
        section.appendElement("h3").text("Diagnostics");
        Element list = section.appendElement("ul").attr("class", "diagnostics");
        for (Path file : files) {
            List<String> parts = new ArrayList<>();
            directory
                    .relativize(file)
                    .forEach(part -> parts.add(URLEncoder.encode(part.toString(), StandardCharsets.UTF_8)
                            .replace("+", "%20")));
            Element item = list.appendElement("li");
            item.appendElement("a")
                    .attr("href", String.join("/", parts))
                    .text(folder.relativize(file).toString());
            item.appendText(" ").appendElement("span").attr("class", "meta").text(describe(file) + ", " + size(file));
        }
    }

    private static String describe(Path file) {
        String name = file.getFileName().toString();
        if (name.equals(Diagnostics.EVENTS)) {
            return "the namespace's events";
        }
        if (name.equals(Diagnostics.HELM_HISTORY)) {
            return "helm history";
        }
        if (name.endsWith("_" + Diagnostics.MIGRATION_CONTAINER + ".log")) {
            return "the migration Job's log";
        }
        return name.endsWith(".log") ? "container log" : "file";
    }

    private static String size(Path file) {
        try {
            long bytes = Files.size(file);
            return bytes < 1024 ? bytes + " B" : String.format(Locale.ROOT, "%.1f kB", bytes / 1024.0);
        } catch (IOException e) {
            return "size unknown";
        }
    }

    private static long offset(Instant origin, StepResult step) {
        return Duration.between(origin, step.started()).toMillis();
    }

    private static String anchor(String kind, ScenarioResult scenario) {
        return kind + "-" + scenario.name();
    }

    static String duration(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return seconds < 3600
                ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
                : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** Text escaped with jsoup's entities, as the page holds it in an attribute value. */
    static String escape(String text) {
        return Entities.escape(orEmpty(text));
    }

    /** The model's text, or none where it has none. */
    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private record Column(String header, ToLongFunction<Counts> value) {}
}
