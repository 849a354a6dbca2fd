package io.mlflowchart.harness.report;

import io.mlflowchart.harness.availability.Availability;
import io.mlflowchart.harness.mlflow.DataSnapshot.Counts;
import io.mlflowchart.harness.report.StepResult.Outcome;
import io.mlflowchart.harness.timing.CpuUse;
import io.mlflowchart.harness.timing.TimeSplit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A passed scenario and one whose {@code verify} found different data, as the report tests write them. */
final class ExampleRun {

    static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    /** What {@code DataSnapshot.requireMatches} says when MLflow's data differs, with characters HTML must escape. */
    static final String DIFF = """
        MLflow's data differs from the expected data in 2 place(s):
          run 'exp-1/run-1' param 'lr': expected '0.1' but was '0.2'
          run 'exp-1/run-1' tag 'note': expected '<b>&"ok"</b>' but was 'missing'""";

    static final Counts LOADED =
            new Counts(3, 12, 60, 48, 2400, 36, 5_767_168, 2, 4, 2, 1, 2, 2, 5, 1, 3, 8000, 2, 1, 3, 3);

    /** What a client saw during the verify step: two reads refused, one write timed out, every other found. */
    static final Availability MEASURED = new Availability(
                    "through a NodePort Service, kube-proxy to any ready pod",
                    32,
                    16,
                    16,
                    new TreeMap<>(Map.of("connection refused", 2)),
                    new TreeMap<>(Map.of("timeout", 1)),
                    1_750,
                    15,
                    15,
                    null)
            .withPromise("no-failed-read");

    static final ScenarioResult PASSED = new ScenarioResult(
            "dev-smoke",
            "scenarios/dev-smoke.yaml",
            "dev",
            "chart default",
            List.of(
                    new StepResult(
                            "install",
                            8,
                            Outcome.PASSED,
                            START,
                            90_000,
                            null,
                            null,
                            new TimeSplit(70_000, 5_000, 15_000)),
                    new StepResult(
                            "load-data",
                            9,
                            Outcome.PASSED,
                            START.plusSeconds(90),
                            30_000,
                            null,
                            LOADED,
                            new TimeSplit(0, 24_000, 6_000)),
                    new StepResult(
                            "verify",
                            10,
                            Outcome.PASSED,
                            START.plusSeconds(120),
                            8_000,
                            null,
                            LOADED,
                            new TimeSplit(0, 5_000, 3_000),
                            MEASURED)),
            null,
            "./mvnw verify -Dscenario=dev-smoke -Dkeep=true");

    static final ScenarioResult FAILED = new ScenarioResult(
            "prod-smoke",
            "scenarios/prod-smoke.yaml",
            "prod",
            "2.9.2",
            List.of(
                    new StepResult(
                            "install",
                            8,
                            Outcome.PASSED,
                            START.plusSeconds(200),
                            100_000,
                            null,
                            null,
                            new TimeSplit(80_000, 4_000, 16_000)),
                    new StepResult(
                            "verify",
                            10,
                            Outcome.FAILED,
                            START.plusSeconds(300),
                            5_000,
                            DIFF,
                            null,
                            new TimeSplit(0, 3_000, 2_000)),
                    new StepResult("helm-test", 11, Outcome.SKIPPED, null, 0, "skipped: verify failed", null, null)),
            "reports/20260115-100000/prod-smoke",
            "./mvnw verify -Dscenario=prod-smoke -Dmlflow.from=2.9.2 -Dkeep=true");

    /**
     * Both, in a run that took 400 s from its start: 233 s of steps, one scenario after the other, and the rest; two
     * cores busy 95 % of the time, 50 s of it the harness's JVM and 70 s the commands it ran.
     */
    static final RunResults RUN = new RunResults(
            "20260115-100000",
            START,
            400_000,
            new CpuUse(2, 800_000, 760_000, 50_000, 70_000),
            Map.of("k3s image", "rancher/k3s:v1.34.4-k3s1 (sha256:104c6cdf8ec3)"),
            Shards.WHOLE,
            List.of(PASSED, FAILED));

    private ExampleRun() {}
}
