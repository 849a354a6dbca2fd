package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trace's spans as the tracking store serves them (BatchGetTraces, MLflow 3.6 on: {@code Trace.to_proto} in
 * entities/trace.py): OTLP {@code Span} messages in protobuf's JSON mapping, ids as base64, a root without
 * {@code parent_span_id}, attributes as {@code AnyValue}s ({@link SpanAttributeValues}), a status message only when
 * one is set.
 */
public record StoredSpans(List<Span> spans) {

    public record Span(
            String spanId,
            String parentSpanId,
            String name,
            long startTimeUnixNano,
            long endTimeUnixNano,
            List<Attribute> attributes,
            TraceDataV3.Status status) {}

    public record Attribute(String key, JsonNode value) {}

    /** Keyed by name, each naming its parent by name, attributes as JSON text: as a Python client reads them. */
    SortedMap<String, SpanSnapshot> snapshots() {
        Map<String, String> names = new HashMap<>();
        spans.forEach(span -> names.put(span.spanId(), span.name()));
        SortedMap<String, SpanSnapshot> snapshots = new TreeMap<>();
        for (Span span : spans) {
            SortedMap<String, String> attributes = new TreeMap<>();
            span.attributes()
                    .forEach(attribute ->
                            attributes.put(attribute.key(), SpanAttributeValues.fromAnyValue(attribute.value())));
            snapshots.put(
                    span.name(),
                    new SpanSnapshot(
                            span.name(),
                            TraceDataV3.parentName(names, span.parentSpanId()),
                            span.startTimeUnixNano(),
                            span.endTimeUnixNano(),
                            span.status().shortCode(),
                            span.status().text(),
                            attributes));
        }
        return snapshots;
    }
}
