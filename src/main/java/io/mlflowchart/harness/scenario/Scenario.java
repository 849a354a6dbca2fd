package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * One end-to-end scenario, as a {@code scenarios/*.yaml} file describes it. {@code values}: values files of its own,
 * applied after its profile's; {@code traffic}: the steps a background client measures availability under.
 */
public record Scenario(
        String name,
        String description,
        Profile profile,
        ChartSource chart,
        MlflowImage mlflow,
        DatasetSpec dataset,
        List<Path> values,
        List<Step> steps,
        TrafficPlan traffic,
        Path file) {

    public Scenario {
        values = List.copyOf(values);
        steps = List.copyOf(steps);
    }

    /** A scenario without traffic. */
    public Scenario(
            String name,
            String description,
            Profile profile,
            ChartSource chart,
            MlflowImage mlflow,
            DatasetSpec dataset,
            List<Path> values,
            List<Step> steps,
            Path file) {
        this(name, description, profile, chart, mlflow, dataset, values, steps, TrafficPlan.NONE, file);
    }
}
