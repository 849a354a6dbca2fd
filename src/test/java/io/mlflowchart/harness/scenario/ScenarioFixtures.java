package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Scenarios for tests that need only names and step kinds: a dev scenario of the working tree's chart. */
final class ScenarioFixtures {

    private ScenarioFixtures() {}

    /** {@code <name>.yaml}, with one step of each given kind, without parameters. */
    static Scenario scenario(String name, String... steps) {
        return new Scenario(
                name,
                "",
                Profile.DEV,
                Backends.SHARED,
                new ChartSource.WorkingTree(),
                MlflowImage.chartDefault(),
                DatasetSpec.named("small"),
                List.of(),
                Arrays.stream(steps)
                        .map(step -> new Step(StepCatalogue.find(step).orElseThrow(), Map.of(), 1))
                        .toList(),
                Path.of(name + ".yaml"));
    }
}
