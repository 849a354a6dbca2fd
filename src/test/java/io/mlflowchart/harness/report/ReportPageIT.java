package io.mlflowchart.harness.report;

import static io.mlflowchart.harness.report.ExampleRun.DIFF;
import static io.mlflowchart.harness.report.ExampleRun.FAILED;
import static io.mlflowchart.harness.report.ExampleRun.PASSED;
import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.HarnessProperty;
import java.nio.file.Path;
import java.time.Duration;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.output.OutputFrame.OutputType;
import org.testcontainers.containers.startupcheck.OneShotStartupCheckStrategy;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * {@code index.html} as a browser sees it: headless Chromium in a container (users need no browser, only Docker)
 * opens the page from disk and prints the DOM it built.
 */
class ReportPageIT {

    /**
     * chromedp's image; CI builds it from Debian (.ci/images/chromium). Its newest tag: the page is static HTML and
     * SVG, which any recent Chromium renders alike, and a pinned version would vanish from Debian's mirror.
     */
    private static final HarnessProperty CHROMIUM =
            new HarnessProperty("browser.image", "chromedp/headless-shell:latest");

    @TempDir
    Path reports;

    @Test
    void rendersOneMatrixRowPerScenarioTheFailedStepsDiffAndATimeline() {
        RunReport report = RunReport.start(reports).describe("k3s image", "rancher/k3s:v1.34.4-k3s1");
        report.add(PASSED);
        report.add(FAILED);

        Document dom = Jsoup.parse(domOf(report.directory()));

        assertThat(dom.title())
                .isEqualTo("MLflow chart run " + report.directory().getFileName() + ": failed");
        assertThat(dom.select("#matrix tbody tr").eachAttr("data-scenario")).containsExactly("dev-smoke", "prod-smoke");
        assertThat(dom.select("#matrix tr[data-scenario=prod-smoke] td.step.failed")
                        .text())
                .startsWith("verify");
        assertThat(dom.select("#failure-prod-smoke pre.diff").first().wholeText())
                .isEqualTo(DIFF);
        assertThat(dom.select("#scenario-dev-smoke svg.timeline rect.step")).hasSize(3);
        assertThat(dom.select("#scenario-prod-smoke svg.timeline rect.step")).hasSize(2);
    }

    /** The DOM after loading {@code index.html} from {@code directory}, as Chromium's --dump-dom prints it. */
    private static String domOf(Path directory) {
        try (GenericContainer<?> chromium = new GenericContainer<>(DockerImageName.parse(CHROMIUM.value()))
                .withCopyFileToContainer(MountableFile.forHostPath(directory), "/report")
                .withCreateContainerCmdModifier(create -> create.withEntrypoint("/headless-shell/headless-shell"))
                .withCommand(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--virtual-time-budget=5000",
                        "--dump-dom",
                        "file:///report/index.html")
                .withStartupCheckStrategy(new OneShotStartupCheckStrategy().withTimeout(Duration.ofSeconds(90)))) {
            chromium.start();
            return chromium.getLogs(OutputType.STDOUT);
        }
    }
}
