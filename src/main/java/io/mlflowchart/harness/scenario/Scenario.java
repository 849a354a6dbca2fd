package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.nio.file.Path;
import java.util.List;

/**
 * One end-to-end scenario, as a {@code scenarios/*.yaml} file describes it. {@code values}: values files of its own,
 * applied after its profile's. {@code backends}: where a prod scenario's PostgreSQL and S3 store run.
 */
public record Scenario(
        String name,
        String description,
        Profile profile,
        Backends backends,
        ChartSource chart,
        MlflowImage mlflow,
        DatasetSpec dataset,
        List<Path> values,
        List<Step> steps,
        Path file) {

    public Scenario {
        values = List.copyOf(values);
        steps = List.copyOf(steps);
    }
}
