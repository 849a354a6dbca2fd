package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trace's spans as MLflow 3.x clients write them to {@code traces.json} ({@code TraceData.to_dict} and
 * {@code Span.to_dict} in mlflow/entities of 3.2.0 and 3.3.2): each span the OTLP proto {@code Span} as JSON, ids as
 * base64 bytes, the root's {@code parent_span_id} empty, not missing ({@code Span.from_dict} reads it as a required
 * key), the status a code {@code STATUS_CODE_OK} or {@code STATUS_CODE_ERROR} with a message only when one is set.
 */
public record TraceDataV3(List<Span> spans) {

    private static final String STATUS_CODE = "STATUS_CODE_";

    public record Span(
            String traceId,
            String spanId,
            String traceState,
            String parentSpanId,
            String name,
            long startTimeUnixNano,
            long endTimeUnixNano,
            Map<String, String> attributes,
            Status status) {}

    /** {@code message} null: none, as the client leaves an OK span's out. */
    public record Status(String message, String code) {

        /** The code as 2.x names it: {@code OK}, {@code ERROR}. */
        String shortCode() {
            return code.replaceFirst("^" + STATUS_CODE, "");
        }

        /** The message, "" for none, as 2.x keeps it. */
        String text() {
            return message == null ? "" : message;
        }
    }

    /**
     * The file a client writes for {@code spans}: {@code traceId} is the OpenTelemetry trace id (32 hex digits),
     * {@code spanIds} each span's id by name (16 hex digits), {@code requestIdAttribute} what every span repeats.
     */
    static TraceDataV3 of(
            String traceId,
            Map<String, String> spanIds,
            String requestIdAttribute,
            SortedMap<String, SpanSnapshot> spans) {
        String trace = base64(traceId, 16);
        return new TraceDataV3(spans.values().stream()
                .map(span -> {
                    Map<String, String> attributes = new TreeMap<>(span.attributes());
                    attributes.put(TraceData.REQUEST_ID_ATTRIBUTE, requestIdAttribute);
                    return new Span(
                            trace,
                            base64(spanIds.get(span.name()), 8),
                            "",
                            span.parent() == null ? "" : base64(spanIds.get(span.parent()), 8),
                            span.name(),
                            span.startTimeNs(),
                            span.endTimeNs(),
                            attributes,
                            new Status(
                                    span.statusMessage().isEmpty() ? null : span.statusMessage(),
                                    STATUS_CODE + span.statusCode()));
                })
                .toList());
    }

    /** Keyed by name, each naming its parent by name, the status code as 2.x names it: the ids are the client's. */
    SortedMap<String, SpanSnapshot> snapshots() {
        Map<String, String> names = new HashMap<>();
        spans.forEach(span -> names.put(span.spanId(), span.name()));
        SortedMap<String, SpanSnapshot> snapshots = new TreeMap<>();
        for (Span span : spans) {
            snapshots.put(
                    span.name(),
                    new SpanSnapshot(
                            span.name(),
                            parentName(names, span.parentSpanId()),
                            span.startTimeUnixNano(),
                            span.endTimeUnixNano(),
                            span.status().shortCode(),
                            span.status().text(),
                            new TreeMap<>(span.attributes())));
        }
        return snapshots;
    }

    /** The name of the span whose id is {@code parentId} among {@code names}; null for none ("" or missing). */
    static String parentName(Map<String, String> names, String parentId) {
        return parentId == null || parentId.isEmpty() ? null : names.getOrDefault(parentId, parentId);
    }

    /** {@code hex} as the big-endian bytes OpenTelemetry ids are, {@code length} long, in base64. */
    static String base64(String hex, int length) {
        byte[] value = new BigInteger(hex, 16).toByteArray();
        ByteBuffer bytes = ByteBuffer.allocate(length);
        int skip = Math.max(0, value.length - length);
        bytes.position(length - (value.length - skip));
        bytes.put(value, skip, value.length - skip);
        return Base64.getEncoder().encodeToString(bytes.array());
    }
}
