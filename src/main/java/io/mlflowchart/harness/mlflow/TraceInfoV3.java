package io.mlflowchart.harness.mlflow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trace's info as MLflow 3.x clients send it in StartTraceV3 ({@code TraceInfoV3} in service.proto, 3.2.0 on), at
 * the root span's end: {@code traceId} is the client's, the previews the root's inputs and outputs, {@code state}
 * {@code OK} or {@code ERROR}.
 */
public record TraceInfoV3(
        String traceId,
        String experimentId,
        long requestTimeMs,
        long executionDurationMs,
        String state,
        String requestPreview,
        String responsePreview,
        Map<String, String> metadata,
        Map<String, String> tags) {

    /** As protobuf's JSON mapping writes it, which the server parses: times as a Timestamp and a Duration. */
    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trace_id", traceId);
        json.put("trace_location", location(experimentId));
        json.put("request_time", Instant.ofEpochMilli(requestTimeMs).toString());
        json.put(
                "execution_duration",
                String.format("%d.%03ds", executionDurationMs / 1000, executionDurationMs % 1000));
        json.put("state", state);
        json.put("trace_metadata", metadata);
        json.put("tags", tags);
        json.put("request_preview", requestPreview);
        json.put("response_preview", responsePreview);
        return json;
    }

    /** The experiment as a trace's location ({@code TraceLocation}), where a trace is and a search looks. */
    static Map<String, Object> location(String experimentId) {
        return Map.of("type", "MLFLOW_EXPERIMENT", "mlflow_experiment", Map.of("experiment_id", experimentId));
    }
}
