package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;

/** A run as {@code runs/get} returns it; {@code data.metrics} holds only each metric's latest value. */
public record Run(Info info, Data data, Inputs inputs) {

    /** The tag that makes a run a child of another: it holds the parent's run id. */
    public static final String PARENT_ID_TAG = "mlflow.parentRunId";

    public record Info(
            String runId,
            String runName,
            String experimentId,
            String userId,
            RunStatus status,
            Long startTime,
            Long endTime,
            String artifactUri,
            String lifecycleStage) {}

    public record Data(List<Metric> metrics, List<Tag> params, List<Tag> tags) {}

    /** What the run read: {@code dataset_inputs} since MLflow 2.4. */
    public record Inputs(List<DatasetInput> datasetInputs) {}

    public record DatasetInput(List<Tag> tags, Dataset dataset) {}

    public record Dataset(
            String name, String digest, String sourceType, String source, String schema, String profile) {}

    public List<DatasetInput> datasetInputs() {
        return inputs == null || inputs.datasetInputs() == null ? List.of() : inputs.datasetInputs();
    }

    public String id() {
        return info.runId();
    }

    public SortedMap<String, String> params() {
        return Tag.toMap(data == null ? null : data.params());
    }

    public SortedMap<String, String> tags() {
        return Tag.toMap(data == null ? null : data.tags());
    }

    public List<String> metricKeys() {
        if (data == null || data.metrics() == null) {
            return List.of();
        }
        return data.metrics().stream().map(Metric::key).distinct().sorted().toList();
    }
}
