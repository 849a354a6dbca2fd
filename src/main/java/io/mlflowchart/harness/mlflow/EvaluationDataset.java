package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * An evaluation dataset as MLflow's datasets API (3.4 on) serves it: {@code tags}, {@code schema} and
 * {@code profile} are JSON texts, the last two derived by the store from the records. {@code experimentIds} is
 * left out of searches by some releases; {@code datasets/{id}/experiment-ids} has them.
 */
public record EvaluationDataset(
        String datasetId,
        String name,
        String tags,
        String schema,
        String profile,
        String digest,
        Long createdTime,
        Long lastUpdateTime,
        List<String> experimentIds) {

    /**
     * One record, as {@code datasets/{id}/records} serves it (a JSON text holding a list of these): inputs,
     * outputs, expectations, tags and source are JSON values; {@code sourceId} and {@code sourceType} the store
     * derives from the source.
     */
    public record Record(
            String datasetRecordId,
            JsonNode inputs,
            JsonNode outputs,
            JsonNode expectations,
            JsonNode tags,
            JsonNode source,
            String sourceId,
            String sourceType,
            Long createdTime) {}
}
