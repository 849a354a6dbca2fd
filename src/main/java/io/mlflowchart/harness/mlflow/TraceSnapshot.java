package io.mlflowchart.harness.mlflow;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trace as a snapshot holds it, keyed {@code experiment/name}: {@code name} is its root span's, which the client
 * also puts in the tag {@code mlflow.traceName}. {@code id} is recorded, not compared. {@code timestampMs} and
 * {@code executionTimeMs} are the client's (the root span's start and duration); {@code spans} are keyed by name.
 */
public record TraceSnapshot(
        String id,
        String experiment,
        String name,
        long timestampMs,
        long executionTimeMs,
        String status,
        SortedMap<String, String> metadata,
        SortedMap<String, String> tags,
        SortedMap<String, SpanSnapshot> spans) {

    public TraceSnapshot {
        metadata = new TreeMap<>(metadata);
        tags = new TreeMap<>(tags);
        spans = new TreeMap<>(spans);
    }

    /**
     * One span: {@code parent} is the parent span's name (null for the root), times in nanoseconds since the epoch,
     * {@code attributes} as MLflow keeps them, each value JSON text (inputs, outputs, the span type among them).
     */
    public record SpanSnapshot(
            String name,
            String parent,
            long startTimeNs,
            long endTimeNs,
            String statusCode,
            String statusMessage,
            SortedMap<String, String> attributes) {

        public SpanSnapshot {
            attributes = new TreeMap<>(attributes);
        }
    }

    /** The metadata every client writes: which format its spans are in, 2 (2.x clients) or 3 (3.x clients). */
    static final String SCHEMA_VERSION = "mlflow.trace_schema.version";

    /** {@link #SCHEMA_VERSION} as a number; 2 if the metadata lacks it. */
    public int schemaVersion() {
        return Integer.parseInt(metadata.getOrDefault(SCHEMA_VERSION, "2"));
    }

    public String key() {
        return experiment + "/" + name;
    }
}
