package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A trace's spans as MLflow 2.x clients write them to {@code traces.json} ({@code TraceData.to_dict} and
 * {@code Span.to_dict} in mlflow/entities of 2.14 to 3.1): ids as {@code 0x}-prefixed hex, times in nanoseconds,
 * {@code request} and {@code response} the root span's inputs and outputs again. Null fields are written as
 * null, not left out: {@code Span.from_dict} of 2.x and 3.17.2 reads {@code parent_id} as a required key.
 */
public record TraceData(
        List<Span> spans,
        @JsonInclude(JsonInclude.Include.ALWAYS) String request,
        @JsonInclude(JsonInclude.Include.ALWAYS) String response) {

    /** The file's name under the trace's artifact location. */
    static final String FILE = "traces.json";

    /** Every span's: the trace's request id, as JSON text; the server's id, so not in a snapshot. */
    static final String REQUEST_ID_ATTRIBUTE = "mlflow.traceRequestId";

    public record Span(
            String name,
            Context context,
            @JsonInclude(JsonInclude.Include.ALWAYS) String parentId,
            long startTime,
            long endTime,
            String statusCode,
            String statusMessage,
            Map<String, String> attributes,
            List<Object> events) {}

    public record Context(String spanId, String traceId) {}

    /** Keyed by name, each naming its parent by name: the span ids are the writing client's. */
    SortedMap<String, SpanSnapshot> snapshots() {
        Map<String, String> names = new HashMap<>();
        spans.forEach(span -> names.put(span.context().spanId(), span.name()));
        SortedMap<String, SpanSnapshot> snapshots = new TreeMap<>();
        for (Span span : spans) {
            snapshots.put(
                    span.name(),
                    new SpanSnapshot(
                            span.name(),
                            span.parentId() == null ? null : names.getOrDefault(span.parentId(), span.parentId()),
                            span.startTime(),
                            span.endTime(),
                            span.statusCode(),
                            span.statusMessage(),
                            new TreeMap<>(span.attributes())));
        }
        return snapshots;
    }
}
