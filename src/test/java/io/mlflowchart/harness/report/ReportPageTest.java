package io.mlflowchart.harness.report;

import static io.mlflowchart.harness.report.ExampleRun.DIFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportPageTest {

    @TempDir
    Path directory;

    private final RunResults run = ExampleRun.RUN;

    @Test
    void showsTheFailedStepsDiffVerbatimWithEveryCharacterEscaped() {
        String html = new ReportPage(run, directory).html();

        assertThat(html).doesNotContain("<b>&\"ok\"</b>").contains("&lt;b&gt;&amp;&quot;ok&quot;&lt;/b&gt;");
        Document page = Jsoup.parse(html);
        assertThat(page.select("#failure-prod-smoke pre.diff").text())
                .isEqualTo(Jsoup.parse("<pre>" + ReportPage.escape(DIFF)).text());
        assertThat(page.select("#matrix tr[data-scenario=prod-smoke] td.step.failed a")
                        .attr("href"))
                .isEqualTo("#failure-prod-smoke");
    }

    @Test
    void drawsABarForEachStepThatRanAtItsOffsetInTheScenario() {
        Document page = Jsoup.parse(new ReportPage(run, directory).html());

        List<Double> starts = page.select("#scenario-dev-smoke svg.timeline rect.step").eachAttr("x").stream()
                .map(Double::valueOf)
                .toList();
        assertThat(starts).hasSize(3).isSorted();
        // load-data starts 90 s into a 128 s scenario.
        assertThat(starts.get(1) - starts.get(0)).isCloseTo(640 * 90 / 128.0, offset(0.1));
        assertThat(page.select("#scenario-prod-smoke svg.timeline rect.step"))
                .as("the skipped step has no bar")
                .hasSize(2);
    }

    @Test
    void fillsEachBarWithItsStepsSplitInProportion() {
        Document page = Jsoup.parse(new ReportPage(run, directory).html());

        Element timeline = page.selectFirst("#scenario-dev-smoke svg.timeline");
        double install = Double.parseDouble(timeline.select("rect.step").get(0).attr("width"));
        List<Double> parts = Stream.of("kubernetes", "mlflow", "harness")
                .map(part ->
                        Double.valueOf(timeline.select("rect." + part).get(0).attr("width")))
                .toList();
        // install: 90 s of a 128 s scenario, 70 s on Kubernetes, 5 s on MLflow, 15 s the harness's.
        assertThat(install).isCloseTo(640 * 90 / 128.0, offset(0.1));
        assertThat(parts)
                .satisfiesExactly(
                        kubernetes -> assertThat(kubernetes).isCloseTo(install * 70 / 90, offset(0.1)),
                        mlflow -> assertThat(mlflow).isCloseTo(install * 5 / 90, offset(0.1)),
                        harness -> assertThat(harness).isCloseTo(install * 15 / 90, offset(0.1)));
        assertThat(timeline.select("rect.step").get(0).attr("class")).isEqualTo("step passed outlined");
        assertThat(page.select("#scenario-prod-smoke svg.timeline rect.kubernetes"))
                .as("the skipped step has no split")
                .hasSize(2);
    }

    @Test
    void linksEveryDiagnosticsFileRelativeToThePage() throws Exception {
        Path logs = Files.createDirectories(directory.resolve("prod-smoke").resolve(Diagnostics.LOGS));
        Files.writeString(logs.resolve("mlflow-migration-x7k2p_migration.log"), "alembic: upgrade failed");
        Files.writeString(logs.resolve("mlflow-6d9f_mlflow.log"), "gunicorn started");
        Files.writeString(directory.resolve("prod-smoke").resolve(Diagnostics.EVENTS), "Warning BackOff");
        Files.writeString(directory.resolve("prod-smoke").resolve(Diagnostics.HELM_HISTORY), "1 deployed");

        Document page = Jsoup.parse(new ReportPage(run, directory).html());

        assertThat(page.select("#scenario-prod-smoke ul.diagnostics li"))
                .extracting(Element::text)
                .containsExactly(
                        "events.txt the namespace's events, 15 B",
                        "helm-history.txt helm history, 10 B",
                        "logs/mlflow-6d9f_mlflow.log container log, 16 B",
                        "logs/mlflow-migration-x7k2p_migration.log the migration Job's log, 23 B");
        assertThat(page.select("#scenario-prod-smoke ul.diagnostics a").eachAttr("href"))
                .contains("prod-smoke/logs/mlflow-migration-x7k2p_migration.log");
        assertThat(page.select("#scenario-dev-smoke ul.diagnostics")).isEmpty();
    }

    @Test
    void listsTheVersionsAndTheCountsOfEveryStepThatReadThem() {
        Document page = Jsoup.parse(new ReportPage(run, directory).html());

        assertThat(page.select("#versions tbody tr").text())
                .isEqualTo("k3s image rancher/k3s:v1.34.4-k3s1 (sha256:104c6cdf8ec3)");
        assertThat(page.select("#counts tbody tr"))
                .extracting(Element::text)
                .containsExactly(
                        "dev-smoke 2 load-data 3 12 60 48 2,400 36 5,767,168 2 4 2 1 2 2 5 1 3 8,000 2 1 3 3",
                        "dev-smoke 3 verify 3 12 60 48 2,400 36 5,767,168 2 4 2 1 2 2 5 1 3 8,000 2 1 3 3");
    }

    @Test
    void tablesWhatTheClientSawDuringEachMeasuredStepAndOnlyWhenOneWas() {
        Document page = Jsoup.parse(new ReportPage(run, directory).html());

        assertThat(page.select("#availability thead th"))
                .extracting(Element::text)
                .containsExactly(
                        "scenario",
                        "during step",
                        "requests",
                        "failed reads",
                        "failed writes",
                        "longest read gap",
                        "acknowledged writes",
                        "found after",
                        "asserted",
                        "route");
        assertThat(page.select("#availability tbody tr"))
                .extracting(Element::text)
                .containsExactly("dev-smoke 3 verify 32 2 of 16: connection refused 2 1 of 16: timeout 1 1.8 s 15 15"
                        + " no lost write, no-failed-read through a NodePort Service, kube-proxy to any ready pod");
        assertThat(page.select("#availability td.failed")).hasSize(2);

        RunResults unmeasured = new RunResults(
                run.runId(), run.started(), 0, null, run.versions(), run.shards(), List.of(ExampleRun.FAILED));
        assertThat(Jsoup.parse(new ReportPage(unmeasured, directory).html()).select("#availability"))
                .isEmpty();
    }
}
