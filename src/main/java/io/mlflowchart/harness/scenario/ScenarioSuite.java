package io.mlflowchart.harness.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.cluster.K3sCluster;
import io.mlflowchart.harness.cluster.KubernetesCluster;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.report.RunReport;
import io.mlflowchart.harness.services.MinioService;
import io.mlflowchart.harness.services.PostgresService;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's entry point: the scenario files of one folder, run against one chart, each scenario a JUnit container
 * with one test per step, into one report. Every path and name is a setting, so a repository with its own fork of the
 * chart runs its own scenarios against it:
 *
 * <pre>{@code
 * @ExtendWith(SharedEnvironmentExtension.class)
 * class ChartScenariosIT {
 *     static final ScenarioSuite SUITE = ScenarioSuite.of(Path.of("deploy/mlflow")).withSettings();
 *
 *     @TestFactory
 *     Stream<DynamicContainer> scenarios(SharedEnvironment environment) {
 *         return SUITE.scenarios(environment);
 *     }
 *
 *     @AfterAll
 *     static void verdict() {
 *         SUITE.printVerdict();
 *     }
 * }
 * }</pre>
 */
public final class ScenarioSuite {

    public static final HarnessProperty CHART = new HarnessProperty("chart.path", "");

    public static final HarnessProperty SCENARIOS = new HarnessProperty("scenarios.path", "");

    public static final HarnessProperty REPORTS = new HarnessProperty("reports.path", "");

    public static final HarnessProperty RELEASE = new HarnessProperty("release.name", "");

    public static final HarnessProperty RUNBOOK = new HarnessProperty("runbook.path", "");

    /** The release a suite installs unless told otherwise. */
    public static final String DEFAULT_RELEASE = "mlflow";

    /** {@code values.dev}, {@code values.prod}: comma-separated values files instead of the chart's own. */
    public static final Map<Profile, HarnessProperty> VALUES = Map.of(
            Profile.DEV, new HarnessProperty("values.dev", ""), Profile.PROD, new HarnessProperty("values.prod", ""));

    private static final Logger PROGRESS = LoggerFactory.getLogger("progress");

    private final Path repositoryRoot;

    private Path chart;

    private Path scenarios;

    private Path reports;

    private String releaseName;

    private Path runbook;

    private Map<Profile, List<Path>> profileValues;

    private ScenarioSelection selection;

    private VersionOverrides overrides;

    private MlflowReleases.Source releases;

    private List<Path> commonValues;

    private RunReport report;

    private ScenarioSuite(
            Path repositoryRoot,
            Path chart,
            Path scenarios,
            Path reports,
            String releaseName,
            Path runbook,
            Map<Profile, List<Path>> profileValues,
            ScenarioSelection selection,
            VersionOverrides overrides,
            MlflowReleases.Source releases,
            List<Path> commonValues) {
        this.repositoryRoot = repositoryRoot;
        this.chart = repositoryRoot.resolve(chart);
        this.scenarios = repositoryRoot.resolve(scenarios);
        this.reports = repositoryRoot.resolve(reports);
        this.releaseName = releaseName;
        this.runbook = runbook;
        this.profileValues = Map.copyOf(profileValues);
        this.selection = selection;
        this.overrides = overrides;
        this.releases = releases;
        this.commonValues = List.copyOf(commonValues);
    }

    /**
     * The chart at {@code chart} (from the working directory, the git repository the run works in), its own
     * {@code values-<profile>.yaml}, the scenarios under {@code scenarios/}, the report under {@code reports/},
     * release {@code mlflow} and the runbook {@code make/ops/mlflow.mk}; every scenario, with the versions its file gives.
     */
    public static ScenarioSuite of(Path chart) {
        Path root = Path.of("").toAbsolutePath();
        return new ScenarioSuite(
                root,
                chart,
                Path.of("scenarios"),
                Path.of("reports"),
                DEFAULT_RELEASE,
                Path.of("make/ops/mlflow.mk"),
                Map.of(),
                ScenarioSelection.parse(null),
                VersionOverrides.none(),
                MlflowReleases.Source.PYPI,
                List.of());
    }

    /**
     * This suite with what this process's settings ({@code -Dchart.path=...}, or {@code CHART_PATH}; see README)
     * change, the scenarios {@code -Dscenario=} selects and the versions {@code -Dmlflow.from=} etc. give.
     */
    public ScenarioSuite withSettings() {
        return withSettings(Settings.ofThisProcess());
    }

    ScenarioSuite withSettings(Settings settings) {
        ScenarioSuite suite = with(copy -> {
            copy.selection = ScenarioSelection.from(settings);
            copy.overrides = VersionOverrides.from(settings);
            copy.releases = MlflowReleases.Source.from(settings);
        });
        // A setting that is not given leaves what the caller chose (ScenarioSuite.of(...).releaseName(...)).
        String chartPath = CHART.valueIn(settings);
        String scenarioFolder = SCENARIOS.valueIn(settings);
        String reportFolder = REPORTS.valueIn(settings);
        String release = RELEASE.valueIn(settings);
        String makefile = RUNBOOK.valueIn(settings);
        suite = chartPath.isEmpty() ? suite : suite.chart(Path.of(chartPath));
        suite = scenarioFolder.isEmpty() ? suite : suite.scenariosIn(Path.of(scenarioFolder));
        suite = reportFolder.isEmpty() ? suite : suite.reportsIn(Path.of(reportFolder));
        suite = release.isEmpty() ? suite : suite.releaseName(release);
        suite = makefile.isEmpty() ? suite : suite.runbook(Path.of(makefile));
        for (Map.Entry<Profile, HarnessProperty> setting : VALUES.entrySet()) {
            String files = setting.getValue().valueIn(settings);
            if (!files.isEmpty()) {
                suite = suite.values(
                        setting.getKey(),
                        Arrays.stream(files.split(","))
                                .map(String::strip)
                                .map(Path::of)
                                .toArray(Path[]::new));
            }
        }
        return suite;
    }

    public ScenarioSuite chart(Path chartPath) {
        return with(copy -> copy.chart = repositoryRoot.resolve(chartPath));
    }

    public ScenarioSuite scenariosIn(Path folder) {
        return with(copy -> copy.scenarios = repositoryRoot.resolve(folder));
    }

    public ScenarioSuite reportsIn(Path folder) {
        return with(copy -> copy.reports = repositoryRoot.resolve(folder));
    }

    public ScenarioSuite releaseName(String name) {
        return with(copy -> copy.releaseName = name);
    }

    public ScenarioSuite runbook(Path makefile) {
        return with(copy -> copy.runbook = makefile);
    }

    /** The values files {@code profile} installs with, instead of the chart's own {@code values-<profile>.yaml}. */
    public ScenarioSuite values(Profile profile, Path... files) {
        Map<Profile, List<Path>> values = new EnumMap<>(Profile.class);
        values.putAll(profileValues);
        values.put(profile, Arrays.stream(files).map(repositoryRoot::resolve).toList());
        return with(copy -> copy.profileValues = Map.copyOf(values));
    }

    /**
     * Values files every scenario installs with, after its profile's and the backends' settings and before its own:
     * what the cluster the suite runs on needs of every release, such as requests sized for a small node.
     */
    public ScenarioSuite valuesForEveryScenario(Path... files) {
        return with(copy -> copy.commonValues =
                Arrays.stream(files).map(repositoryRoot::resolve).toList());
    }

    /** A copy of this suite with {@code change} made to it: a suite never changes once a caller has it. */
    private ScenarioSuite with(Consumer<ScenarioSuite> change) {
        ScenarioSuite copy = new ScenarioSuite(
                repositoryRoot,
                chart,
                scenarios,
                reports,
                releaseName,
                runbook,
                profileValues,
                selection,
                overrides,
                releases,
                commonValues);
        change.accept(copy);
        return copy;
    }

    /**
     * Loads and validates every scenario file first (all problems at once), takes those of the run's tier, expands each
     * matrix into its pairs ({@link UpgradePairs}), selects, applies the version options, starts
     * the report, and returns one container per selected scenario, to run at once as far as the run's parallelism
     * allows ({@link ScenarioParallelism}), the costliest first ({@link ScenarioCost}): a long scenario that started
     * last would run alone at the end while the machine idles. The report lists them by file whatever order they
     * ran in.
     */
    public Stream<DynamicContainer> scenarios(SharedEnvironment environment) {
        return scenarios(environment, ExecutionMode.CONCURRENT);
    }

    /**
     * As {@link #scenarios}, but one after the other, in the order of their files, and before any test the factory
     * returns after them: for a factory whose later tests check what its scenarios left (their report, the cluster).
     */
    public Stream<DynamicContainer> scenariosInOrder(SharedEnvironment environment) {
        return scenarios(environment, ExecutionMode.SAME_THREAD);
    }

    private Stream<DynamicContainer> scenarios(SharedEnvironment environment, ExecutionMode mode) {
        List<Scenario> all = new ScenarioLoader(repositoryRoot).loadAll(scenarios);
        Helm helm = Helm.locate();
        String chartInfo = helm.showChart(chart);
        MlflowReleases mlflowReleases = MlflowReleases.of(releases, scenarios);
        UpgradePairs pairs = new UpgradePairs(mlflowReleases, appVersion(chartInfo));
        List<Scenario> selected = selection.select(pairs.expand(selection.tier().select(all))).stream()
                .map(overrides::applyTo)
                .map(pairs::resolve)
                .toList();
        Backends.requireNoGivenServers(selected, Settings.ofThisProcess());
        OwnCluster.requireHarnessCluster(selected, KubernetesCluster.SETTING.valueIn(Settings.ofThisProcess()));
        report = RunReport.start(reports, selection.shard().reported())
                .describeChart(chart, chartInfo)
                .describeCommit(repositoryRoot)
                .describe("Helm", helm.version())
                .describeImage("k3s image", K3sCluster.IMAGE.value())
                .describeImage("PostgreSQL image", PostgresService.IMAGE.value())
                .describeImage("MinIO image", MinioService.IMAGE.value());
        report.describe("Tier", selection.tier().yamlName());
        mlflowReleases.consulted().ifPresent(source -> report.describe("MLflow releases", source));
        // Written now, not only after a scenario: a shard with no scenario to run still reports which shard it was.
        report.write();
        Stream<Scenario> order = mode == ExecutionMode.CONCURRENT
                ? selected.stream().sorted(ScenarioCost.COSTLIEST_FIRST)
                : selected.stream();
        return order.map(scenario ->
                new ScenarioExecution(scenario, this, environment, helm, report, overrides).asContainer(mode));
    }

    /** The MLflow the chart runs unless told otherwise: its {@code appVersion}, which upgrades without a version go to. */
    private static String appVersion(String chartInfo) {
        try {
            return Mappers.YAML.readTree(chartInfo).path("appVersion").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("helm show chart printed no YAML: " + chartInfo, e);
        }
    }

    /** The report of the last {@link #scenarios} call, filled in as its scenarios end. */
    public RunReport report() {
        if (report == null) {
            throw new IllegalStateException("no scenario has been started: call scenarios(environment) first");
        }
        return report;
    }

    /** The console's last word on the run: which scenarios failed, and where the report is. */
    public void printVerdict() {
        if (report != null) {
            PROGRESS.info(report.verdict());
        }
    }

    public Path repositoryRoot() {
        return repositoryRoot;
    }

    public String releaseName() {
        return releaseName;
    }

    public Path runbook() {
        return runbook;
    }

    public ChartSources charts() {
        return new ChartSources(repositoryRoot, chart, profileValues, commonValues);
    }
}
