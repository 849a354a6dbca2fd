package io.mlflowchart.harness.report;

import io.mlflowchart.harness.mlflow.DataSnapshot.Counts;
import io.mlflowchart.harness.report.StepResult.Outcome;
import java.time.Instant;
import java.util.List;

/** A passed scenario and one whose {@code verify} found different data, as the report tests write them. */
final class ExampleRun {

    static final Instant START = Instant.parse("2026-01-15T10:00:00Z");

    /** What {@code DataSnapshot.requireMatches} says when MLflow's data differs, with characters HTML must escape. */
    static final String DIFF = """
        MLflow's data differs from the expected data in 2 place(s):
          run 'exp-1/run-1' param 'lr': expected '0.1' but was '0.2'
          run 'exp-1/run-1' tag 'note': expected '<b>&"ok"</b>' but was 'missing'""";

    static final Counts LOADED = new Counts(3, 12, 60, 48, 2400, 36, 5_767_168, 2, 4, 2);

    static final ScenarioResult PASSED = new ScenarioResult(
            "dev-smoke",
            "scenarios/dev-smoke.yaml",
            "dev",
            "chart default",
            List.of(
                    new StepResult("install", 8, Outcome.PASSED, START, 90_000, null, null),
                    new StepResult("load-data", 9, Outcome.PASSED, START.plusSeconds(90), 30_000, null, LOADED),
                    new StepResult("verify", 10, Outcome.PASSED, START.plusSeconds(120), 8_000, null, LOADED)),
            null,
            "./mvnw verify -Dscenario=dev-smoke -Dkeep=true");

    static final ScenarioResult FAILED = new ScenarioResult(
            "prod-smoke",
            "scenarios/prod-smoke.yaml",
            "prod",
            "2.9.2",
            List.of(
                    new StepResult("install", 8, Outcome.PASSED, START.plusSeconds(200), 100_000, null, null),
                    new StepResult("verify", 10, Outcome.FAILED, START.plusSeconds(300), 5_000, DIFF, null),
                    new StepResult("helm-test", 11, Outcome.SKIPPED, null, 0, "skipped: verify failed", null)),
            "reports/20260115-100000/prod-smoke",
            "./mvnw verify -Dscenario=prod-smoke -Dmlflow.from=2.9.2 -Dkeep=true");

    private ExampleRun() {}
}
