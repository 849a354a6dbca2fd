package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;

/**
 * A logged model as MLflow 3's {@code logged-models} API returns it; {@code data.metrics} holds every point logged
 * for the model.
 */
public record LoggedModel(Info info, Data data) {

    public record Info(
            String modelId,
            String experimentId,
            String name,
            String artifactUri,
            String modelType,
            String sourceRunId,
            String status,
            List<Tag> tags) {}

    public record Data(List<Tag> params, List<Metric> metrics) {}

    public String id() {
        return info.modelId();
    }

    public SortedMap<String, String> tags() {
        return Tag.toMap(info.tags());
    }

    public SortedMap<String, String> params() {
        return Tag.toMap(data == null ? null : data.params());
    }

    public List<Metric> metrics() {
        return data == null || data.metrics() == null ? List.of() : data.metrics();
    }
}
