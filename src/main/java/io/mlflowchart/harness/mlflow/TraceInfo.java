package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;

/**
 * A trace's info as the REST API 2.0 returns it ({@code /api/2.0/mlflow/traces}, MLflow 2.14 on). Its spans are not
 * in it: they are a file, {@code traces.json}, under the location the tag {@link #ARTIFACT_LOCATION_TAG} names.
 */
public record TraceInfo(
        String requestId,
        String experimentId,
        long timestampMs,
        long executionTimeMs,
        String status,
        List<Tag> requestMetadata,
        List<Tag> tags) {

    /** Set by the server at StartTrace: where the trace's files are, a path that embeds the ids. */
    static final String ARTIFACT_LOCATION_TAG = "mlflow.artifactLocation";

    /**
     * Set by the store (3.6 on) when it keeps a trace's spans itself, logged over OTLP, to {@link #TRACKING_STORE}:
     * then they are read from it, not from {@code traces.json}.
     */
    static final String SPANS_LOCATION_TAG = "mlflow.trace.spansLocation";

    static final String TRACKING_STORE = "TRACKING_STORE";

    /** Metadata the store sets at StartTraceV3 from MLflow 3.12 on, never a client. */
    static final String INFO_FINALIZED_METADATA = "mlflow.trace.infoFinalized";

    /** Set by the client: the root span's name. */
    static final String NAME_TAG = "mlflow.traceName";

    public SortedMap<String, String> metadata() {
        return Tag.toMap(requestMetadata);
    }

    public SortedMap<String, String> tagMap() {
        return Tag.toMap(tags);
    }
}
