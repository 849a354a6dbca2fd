package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.cluster.K3sCluster;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.environment.SharedEnvironmentExtension;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.report.RunReport;
import io.mlflowchart.harness.services.MinioService;
import io.mlflowchart.harness.services.PostgresService;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every file under {@code scenarios/} (or those {@code -Dscenario=} selects) run on the shared cluster, one
 * after the other, each step a test. Files are loaded and validated before anything starts.
 */
@ExtendWith(SharedEnvironmentExtension.class)
class ScenariosIT {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    private static final Logger PROGRESS = LoggerFactory.getLogger("progress");

    /** This run's report, kept for the verdict printed once the last scenario is done. */
    private static RunReport report;

    /** Failsafe's XML names each step test "<scenario> scenario <NN step>" (see pom.xml). */
    @TestFactory
    @DisplayName("scenario")
    Stream<DynamicContainer> scenarios(SharedEnvironment environment) {
        List<Scenario> all = new ScenarioLoader(ROOT).loadAll(ROOT.resolve("scenarios"));
        VersionOverrides overrides = VersionOverrides.fromProperties();
        List<Scenario> selected = ScenarioSelection.fromSystemProperty().select(all).stream().map(overrides::applyTo).toList();
        Helm helm = Helm.locate();
        ChartSources charts = new ChartSources(ROOT, ROOT.resolve("charts/mlflow"));
        report = RunReport.start(ROOT.resolve("reports")).describeChart(ROOT.resolve("charts/mlflow"))
            .describe("Helm", helm.version()).describeImage("k3s image", K3sCluster.IMAGE.value())
            .describeImage("PostgreSQL image", PostgresService.IMAGE.value()).describeImage("MinIO image", MinioService.IMAGE.value());
        return selected.stream().map(scenario -> new ScenarioExecution(scenario, environment, helm, ROOT, charts, report, overrides).asContainer());
    }

    /** The console's last word on the run, before Maven's: which scenarios failed, and where the report is. */
    @AfterAll
    static void printVerdict() {
        if (report != null) {
            PROGRESS.info(report.verdict());
        }
    }
}
