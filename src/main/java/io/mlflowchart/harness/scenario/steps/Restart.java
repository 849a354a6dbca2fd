package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;

/**
 * A rolling restart of the server, as {@code kubectl rollout restart deployment/<server>} does it: the same spec and
 * schema, new pods. With {@code traffic:} on it, what users see while the pods are replaced.
 */
public final class Restart extends StepKind {

    public Restart() {
        super("restart", "restarts the server's pods as `kubectl rollout restart` does, and waits for the rollout");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        run.release().restartServer();
        return null;
    }
}
