package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;

/**
 * Reads everything back through the API and compares it with everything written, artifacts by SHA-256, and the
 * basic-auth users written (by name: their admin flag and permissions).
 */
public final class Verify extends StepKind {

    public Verify() {
        super("verify", "reads all data back through the API and compares it with everything written");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        DataSnapshot actual = DataSnapshot.readFrom(
                run.mlflow(), run.expected().current().users().keySet());
        actual.requireMatches(run.expected().current());
        return actual.counts();
    }
}
