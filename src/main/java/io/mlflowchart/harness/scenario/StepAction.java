package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DataSnapshot;

/** What one kind of step does to a scenario's run. Returns the data counts it observed, or null. */
@FunctionalInterface
interface StepAction {

    DataSnapshot.Counts run(ScenarioRun run, Step step) throws Exception;
}
