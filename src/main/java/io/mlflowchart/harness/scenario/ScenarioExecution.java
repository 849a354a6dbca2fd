package io.mlflowchart.harness.scenario;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.availability.Availability;
import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.SnapshotMismatch;
import io.mlflowchart.harness.report.Diagnostics;
import io.mlflowchart.harness.report.RunReport;
import io.mlflowchart.harness.report.ScenarioResult;
import io.mlflowchart.harness.report.StepResult;
import io.mlflowchart.harness.report.StepResult.Outcome;
import io.mlflowchart.harness.timing.Waits;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.opentest4j.AssertionFailedError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One scenario as JUnit shows it: a container with one test per step, in order, and a last {@code teardown}
 * test. A failed step skips the steps after it; teardown always runs, saving the diagnostics and
 * adding the scenario to the report, then removing the release and namespace, unless {@code keep=true} holds a
 * failed scenario for debugging ({@link KeptForDebugging}).
 */
final class ScenarioExecution {

    private static final Logger PROGRESS = LoggerFactory.getLogger("progress");

    private static final Logger LOG = LoggerFactory.getLogger(ScenarioExecution.class);

    /** The logging context key that names the scenario a line belongs to. */
    private static final String LOG_CONTEXT = "scenario";

    private final Scenario scenario;

    private final SharedEnvironment environment;

    private final Helm helm;

    private final ScenarioSuite suite;

    private final Path repositoryRoot;

    private final RunReport report;

    private final List<StepResult> results = new ArrayList<>();

    private final boolean keepOnFailure = KeptForDebugging.requested(Settings.ofThisProcess());

    private final String reproduction;

    private ScenarioRun run;

    private String failedStep;

    /** {@code overrides}: the run's version options, repeated in the command that reproduces this scenario. */
    ScenarioExecution(
            Scenario scenario,
            ScenarioSuite suite,
            SharedEnvironment environment,
            Helm helm,
            RunReport report,
            VersionOverrides overrides) {
        this.scenario = scenario;
        this.reproduction = String.join(
                        " ",
                        "./mvnw verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=ScenariosIT",
                        "-D" + ScenarioSelection.SETTING.name() + "=" + scenario.name(),
                        // A release-tier scenario is selectable only in a run of its tier.
                        scenario.tier() == Tier.CI
                                ? ""
                                : "-D" + Tier.SETTING.name() + "="
                                        + scenario.tier().yamlName(),
                        overrides.asOptions(),
                        "-D" + KeptForDebugging.KEEP.name() + "=true")
                .replaceAll(" +", " ");
        this.environment = environment;
        this.helm = helm;
        this.suite = suite;
        this.repositoryRoot = suite.repositoryRoot();
        this.report = report;
    }

    /**
     * Each test is named {@code <scenario> <NN step>}: failsafe's JUnit XML, which CI tools read, keeps only a test's
     * own name when its source is the scenario file, and twelve "01 install" rows could not say which one failed.
     * {@code mode}: {@code CONCURRENT} lets scenarios run at once (each has its own namespace, database and bucket)
     * when {@link ScenarioParallelism} is on; {@code SAME_THREAD} keeps the scenario in order with the factory's other
     * tests. A scenario's steps always run in order.
     */
    DynamicContainer asContainer(ExecutionMode mode) {
        List<DynamicNode> tests = new ArrayList<>();
        List<Step> steps = scenario.steps();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            String label = String.format("%02d %s", i + 1, step.name());
            tests.add(dynamicTest(
                    scenario.name() + " " + label, scenario.file().toUri(), inScenario(() -> execute(label, step))));
        }
        tests.add(dynamicTest(scenario.name() + " teardown", inScenario(this::teardown)));
        return DynamicContainer.dynamicContainer(container -> container
                .displayName(scenario.name())
                .testSourceUri(scenario.file().toUri())
                .executionMode(mode)
                .childExecutionMode(ExecutionMode.SAME_THREAD)
                .children(tests));
    }

    /**
     * Runs {@code test} with the scenario's name in the logging context ({@code %X{scenario}}), so that a log line of
     * the cluster or Helm says which of the scenarios running at once it belongs to.
     */
    private Executable inScenario(Executable test) {
        return () -> {
            try (MDC.MDCCloseable name = MDC.putCloseable(LOG_CONTEXT, scenario.name())) {
                test.execute();
            }
        };
    }

    private void execute(String label, Step step) throws Throwable {
        if (failedStep != null) {
            results.add(new StepResult(
                    step.name(),
                    step.line(),
                    Outcome.SKIPPED,
                    null,
                    0,
                    "skipped: " + failedStep + " failed",
                    null,
                    null));
            Assumptions.abort("skipped: step " + failedStep + " failed");
        }
        Instant started = Instant.now();
        long start = System.nanoTime();
        Waits.Step clock = Waits.startStep();
        PROGRESS.info("[{}] {} ...", scenario.name(), label);
        MeasuredStep traffic = null;
        try {
            if (run == null) {
                run = new ScenarioRun(scenario, suite, environment, helm, report.scenarioDirectory(scenario.name()));
            }
            if (scenario.traffic().measures(step)) {
                traffic = MeasuredStep.start(
                        run, scenario.name() + " " + label, scenario.traffic().promisesNoFailedRead(step));
            }
            DataSnapshot.Counts counts = runMeasured(step, traffic);
            Availability availability = traffic == null ? null : traffic.check(run);
            long millis = (System.nanoTime() - start) / 1_000_000;
            String note = run.evidence().takeNote();
            results.add(new StepResult(
                    step.name(),
                    step.line(),
                    Outcome.PASSED,
                    started,
                    millis,
                    note,
                    counts,
                    clock.stop(millis),
                    availability));
            PROGRESS.info(
                    "[{}] {} passed in {} s{}{}",
                    scenario.name(),
                    label,
                    seconds(millis),
                    counts == null ? "" : " " + counts,
                    note == null ? "" : ": " + note);
            logTraffic(label, availability);
        } catch (Throwable failure) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            failedStep = step.name();
            Availability availability = traffic == null ? null : traffic.figures();
            results.add(new StepResult(
                    step.name(),
                    step.line(),
                    Outcome.FAILED,
                    started,
                    millis,
                    String.valueOf(failure.getMessage()),
                    null,
                    clock.stop(millis),
                    availability));
            PROGRESS.error(
                    "[{}] {} FAILED after {} s: {}", scenario.name(), label, seconds(millis), failure.getMessage());
            logTraffic(label, availability);
            throw asJUnitFailure(failure);
        }
    }

    /** Runs the step, its client (if any) sending meanwhile, and stops the client however the step ends. */
    private DataSnapshot.Counts runMeasured(Step step, MeasuredStep traffic) throws Exception {
        try {
            return step.kind().run(run, step);
        } finally {
            if (traffic != null) {
                traffic.stop();
            }
        }
    }

    private void logTraffic(String label, Availability availability) {
        if (availability != null) {
            PROGRESS.info("[{}] {} traffic: {}", scenario.name(), label, availability.summary());
        }
    }

    /**
     * What a step found not to be so (a data difference, a check that did not hold) is the test's failure; anything
     * else (a cluster that did not answer, a command that could not run) stays an error, as JUnit reports them apart.
     */
    private static Throwable asJUnitFailure(Throwable failure) {
        if (failure instanceof StepFailure || failure instanceof SnapshotMismatch) {
            return new AssertionFailedError(failure.getMessage(), failure);
        }
        return failure;
    }

    /**
     * Saves the scenario's logs, events and helm history (whatever happened: an upgrade's migration Job log is worth
     * reading when it passed too), adds the scenario to the report, then, unless {@code keep} holds a failed one
     * for debugging, removes its release and namespace. Each part runs even when the one before it failed.
     */
    private void teardown() {
        String diagnostics = run == null ? null : saveDiagnostics();
        try {
            report.add(new ScenarioResult(
                    scenario.name(),
                    repositoryRoot.relativize(scenario.file()).toString(),
                    scenario.profile().name().toLowerCase(),
                    mlflowVersions(),
                    results,
                    diagnostics,
                    reproduction));
            PROGRESS.info(
                    "[{}] {} — report: {}",
                    scenario.name(),
                    failedStep == null ? "PASSED" : "FAILED at " + failedStep,
                    repositoryRoot.relativize(report.directory()));
        } finally {
            if (run != null) {
                try {
                    if (failedStep != null && keepOnFailure) {
                        KeptForDebugging.hold(run, failedStep);
                    }
                } finally {
                    run.close();
                }
            }
        }
    }

    /** What the scenario installs, then what each upgrade step goes to: {@code 2.9.2 → chart default}. */
    private String mlflowVersions() {
        Stream<String> upgrades = scenario.steps().stream()
                .filter(step -> step.name().equals("upgrade"))
                .map(step -> step.has("to-version") ? step.text("to-version") : "chart default");
        return Stream.concat(Stream.of(scenario.mlflow().label()), upgrades).collect(Collectors.joining(" → "));
    }

    /** The diagnostics folder, relative to the repository root; null, with a warning, if it could not be written. */
    private String saveDiagnostics() {
        try {
            return repositoryRoot
                    .relativize(new Diagnostics(
                                    run.kubernetes(),
                                    run.release().namespace(),
                                    run.release().helm())
                            .writeTo(report.scenarioDirectory(scenario.name())))
                    .toString();
        } catch (RuntimeException e) {
            LOG.warn("[{}] could not save diagnostics: {}", scenario.name(), e.toString());
            return null;
        }
    }

    private static String seconds(long millis) {
        return String.format("%.1f", millis / 1000.0);
    }
}
