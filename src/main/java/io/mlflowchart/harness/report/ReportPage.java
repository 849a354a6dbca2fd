package io.mlflowchart.harness.report;

import io.mlflowchart.harness.mlflow.DataSnapshot.Counts;
import io.mlflowchart.harness.report.StepResult.Outcome;
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
import java.util.stream.Stream;

/**
 * {@code index.html}: the run for a person, in one file that opens from disk (inline CSS and SVG, nothing
 * fetched). The scenario x step matrix, the versions involved, the data counts each step read, and per scenario a
 * timeline of its steps, the failure text (a snapshot diff where data differed) and links to the diagnostics in
 * its folder, {@code directory/<scenario>/}. Every text from the model is escaped.
 */
record ReportPage(RunResults run, Path directory) {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
        .withZone(ZoneOffset.UTC);

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
        new Column("aliases", Counts::aliases));

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
        .meta { color: #57606a; }
        """;

    String html() {
        StringBuilder page = new StringBuilder();
        String verdict = run.passed() ? "passed" : "failed";
        page.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>").append(escape("MLflow chart run " + run.runId() + ": " + verdict)).append("</title>\n")
            .append("<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        header(page, verdict);
        matrix(page);
        versions(page);
        counts(page);
        for (ScenarioResult scenario : run.scenarios()) {
            scenario(page, scenario);
        }
        return page.append("</body>\n</html>\n").toString();
    }

    private void header(StringBuilder page, String verdict) {
        long failed = run.scenarios().stream().filter(scenario -> !scenario.passed()).count();
        page.append("<h1>MLflow chart end-to-end run ").append(escape(run.runId())).append("</h1>\n")
            .append("<p><span id=\"verdict\" class=\"verdict ").append(verdict).append("\">").append(verdict.toUpperCase(Locale.ROOT))
            .append("</span> ").append(run.scenarios().size()).append(" scenarios, ").append(failed).append(" failed")
            .append(" <span class=\"meta\">· started ").append(TIME.format(run.started())).append(" · ")
            .append(duration(run.scenarios().stream().mapToLong(ScenarioResult::durationMillis).sum()))
            .append(" of steps · <a href=\"results.json\">results.json</a> · <a href=\"summary.md\">summary.md</a></span></p>\n");
    }

    private void matrix(StringBuilder page) {
        int columns = run.scenarios().stream().mapToInt(scenario -> scenario.steps().size()).max().orElse(0);
        page.append("<h2>Scenarios and steps</h2>\n<table id=\"matrix\">\n<thead><tr><th>scenario</th><th>profile</th>")
            .append("<th>MLflow</th><th>outcome</th><th>duration</th>");
        for (int i = 1; i <= columns; i++) {
            page.append("<th>").append(i).append("</th>");
        }
        page.append("</tr></thead>\n<tbody>\n");
        for (ScenarioResult scenario : run.scenarios()) {
            String outcome = scenario.passed() ? "passed" : "failed";
            page.append("<tr data-scenario=\"").append(escape(scenario.name())).append("\"><th><a href=\"#")
                .append(anchor("scenario", scenario)).append("\">").append(escape(scenario.name())).append("</a></th><td>")
                .append(escape(scenario.profile())).append("</td><td>").append(escape(scenario.mlflow()))
                .append("</td><td class=\"").append(outcome).append("\">").append(outcome).append("</td><td class=\"number\">")
                .append(duration(scenario.durationMillis())).append("</td>");
            for (StepResult step : scenario.steps()) {
                String outcomeName = step.outcome().name().toLowerCase(Locale.ROOT);
                page.append("<td class=\"step ").append(outcomeName).append("\" title=\"")
                    .append(escape(scenario.file() + ":" + step.line() + ": " + outcomeName
                        + (step.detail() == null ? "" : "\n" + step.detail()))).append("\">");
                String name = escape(step.name());
                page.append(step.outcome() == Outcome.FAILED
                    ? "<a href=\"#" + anchor("failure", scenario) + "\">" + name + "</a>" : name);
                page.append("<span class=\"duration\">")
                    .append(step.outcome() == Outcome.SKIPPED ? "skipped" : duration(step.durationMillis()))
                    .append("</span></td>");
            }
            page.append("<td class=\"empty\"></td>".repeat(columns - scenario.steps().size())).append("</tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    private void versions(StringBuilder page) {
        page.append("<h2>Versions</h2>\n");
        if (run.versions().isEmpty()) {
            page.append("<p class=\"meta\">none recorded</p>\n");
            return;
        }
        page.append("<table id=\"versions\">\n<thead><tr><th>component</th><th>version</th></tr></thead>\n<tbody>\n");
        for (Map.Entry<String, String> component : run.versions().entrySet()) {
            page.append("<tr><th>").append(escape(component.getKey())).append("</th><td><code>")
                .append(escape(component.getValue())).append("</code></td></tr>\n");
        }
        page.append("</tbody>\n</table>\n");
    }

    /** One row per step that read MLflow's data, so a count that drops between steps stands out. */
    private void counts(StringBuilder page) {
        page.append("<h2>Data counts</h2>\n");
        if (run.scenarios().stream().flatMap(scenario -> scenario.steps().stream()).allMatch(step -> step.counts() == null)) {
            page.append("<p class=\"meta\">no step read MLflow's data</p>\n");
            return;
        }
        page.append("<table id=\"counts\">\n<thead><tr><th>scenario</th><th>after step</th>");
        COUNT_COLUMNS.forEach(column -> page.append("<th>").append(column.header()).append("</th>"));
        page.append("</tr></thead>\n<tbody>\n");
        for (ScenarioResult scenario : run.scenarios()) {
            for (int i = 0; i < scenario.steps().size(); i++) {
                StepResult step = scenario.steps().get(i);
                if (step.counts() == null) {
                    continue;
                }
                page.append("<tr><th>").append(escape(scenario.name())).append("</th><td>").append(i + 1).append(" ")
                    .append(escape(step.name())).append("</td>");
                COUNT_COLUMNS.forEach(column -> page.append("<td class=\"number\">")
                    .append(String.format(Locale.ROOT, "%,d", column.value().applyAsLong(step.counts()))).append("</td>"));
                page.append("</tr>\n");
            }
        }
        page.append("</tbody>\n</table>\n");
    }

    private void scenario(StringBuilder page, ScenarioResult scenario) {
        String outcome = scenario.passed() ? "passed" : "failed";
        page.append("<section class=\"scenario\" id=\"").append(anchor("scenario", scenario)).append("\">\n<h2>")
            .append(escape(scenario.name())).append(" <span class=\"verdict ").append(outcome).append("\">").append(outcome)
            .append("</span></h2>\n<p class=\"meta\">").append(escape(scenario.file())).append(" · profile ")
            .append(escape(scenario.profile())).append(" · MLflow ").append(escape(scenario.mlflow())).append(" · ")
            .append(duration(scenario.durationMillis())).append("</p>\n<p class=\"meta\">Run it again alone: <code class=\"reproduce\">")
            .append(escape(scenario.reproduce())).append("</code></p>\n");
        timeline(page, scenario);
        for (int i = 0; i < scenario.steps().size(); i++) {
            StepResult step = scenario.steps().get(i);
            if (step.outcome() == Outcome.FAILED) {
                page.append("<div class=\"failure\" id=\"").append(anchor("failure", scenario)).append("\">\n<h3>Step ")
                    .append(i + 1).append(" ").append(escape(step.name())).append(" failed after ")
                    .append(duration(step.durationMillis())).append(" (").append(escape(scenario.file() + ":" + step.line()))
                    .append(")</h3>\n<pre class=\"diff\">").append(escape(step.detail()))
                    .append("</pre>\n</div>\n");
            }
        }
        diagnostics(page, scenario);
        page.append("</section>\n");
    }

    /** Steps as bars on the scenario's own clock: start offset from its first step, length its duration. */
    private void timeline(StringBuilder page, ScenarioResult scenario) {
        List<StepResult> steps = scenario.steps();
        Instant origin = steps.stream().map(StepResult::started).filter(Objects::nonNull).min(Instant::compareTo).orElse(null);
        long span = Math.max(1, steps.stream().filter(step -> step.started() != null)
            .mapToLong(step -> offset(origin, step) + step.durationMillis()).max().orElse(1));
        int height = AXIS_HEIGHT + steps.size() * ROW_HEIGHT + 4;
        page.append("<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(CHART_WIDTH)
            .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(CHART_WIDTH).append(" ").append(height)
            .append("\" role=\"img\" aria-label=\"").append(escape("timeline of " + scenario.name())).append("\">\n");
        for (int tick = 0; tick <= 4; tick++) {
            double x = LABEL_WIDTH + BAR_AREA * tick / 4.0;
            page.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\"/>", x, AXIS_HEIGHT - 6, x, height))
                .append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    x, AXIS_HEIGHT - 10, duration(span * tick / 4)));
        }
        for (int i = 0; i < steps.size(); i++) {
            StepResult step = steps.get(i);
            int y = AXIS_HEIGHT + i * ROW_HEIGHT;
            page.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                LABEL_WIDTH - 8, y + 15, escape((i + 1) + " " + step.name())));
            if (step.started() == null) {
                page.append(String.format(Locale.ROOT, "<text class=\"axis\" x=\"%d\" y=\"%d\">%s</text>%n",
                    LABEL_WIDTH + 4, y + 15, step.outcome().name().toLowerCase(Locale.ROOT)));
                continue;
            }
            double x = LABEL_WIDTH + (double) BAR_AREA * offset(origin, step) / span;
            double width = Math.max(1.5, (double) BAR_AREA * step.durationMillis() / span);
            page.append(String.format(Locale.ROOT, "<rect class=\"%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" rx=\"2\">",
                    step.outcome().name().toLowerCase(Locale.ROOT), x, y + 4, width, ROW_HEIGHT - 8))
                .append("<title>").append(escape(step.name() + ": " + step.outcome().name().toLowerCase(Locale.ROOT) + " in "
                    + duration(step.durationMillis()) + ", from +" + duration(offset(origin, step)))).append("</title></rect>")
                .append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%s</text>%n", x + width + 4, y + 15,
                    duration(step.durationMillis())));
        }
        page.append("</svg>\n");
    }

    /** Every file in the scenario's folder (pod logs, events, helm history), linked relative to the page. */
    private void diagnostics(StringBuilder page, ScenarioResult scenario) {
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
        page.append("<h3>Diagnostics</h3>\n<ul class=\"diagnostics\">\n");
        for (Path file : files) {
            Path relative = directory.relativize(file);
            List<String> parts = new ArrayList<>();
            relative.forEach(part -> parts.add(URLEncoder.encode(part.toString(), StandardCharsets.UTF_8).replace("+", "%20")));
            String href = String.join("/", parts);
            page.append("<li><a href=\"").append(escape(href)).append("\">").append(escape(folder.relativize(file).toString()))
                .append("</a> <span class=\"meta\">").append(describe(file)).append(", ").append(size(file)).append("</span></li>\n");
        }
        page.append("</ul>\n");
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
        return escape(kind + "-" + scenario.name());
    }

    static String duration(long millis) {
        if (millis < 60_000) {
            return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
        }
        long seconds = millis / 1000;
        return seconds < 3600 ? String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60)
            : String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }

    /** Text as HTML and SVG content or attribute value. */
    static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private record Column(String header, ToLongFunction<Counts> value) {
    }
}
