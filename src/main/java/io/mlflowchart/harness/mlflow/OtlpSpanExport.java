package io.mlflowchart.harness.mlflow;

import com.google.protobuf.ByteString;
import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The OTLP request an MLflow 3.4+ client sends for one span as it ends ({@code RestStore.log_spans} and
 * {@code Span._to_otel_proto} of 3.4.0, {@code to_otel_proto} of 3.5.1 on): one resource and scope, neither with
 * attributes, holding the span with its ids as bytes, its attributes as decoded values ({@link SpanAttributeValues}),
 * the request id among them, and its status with a message only when one is set.
 */
final class OtlpSpanExport {

    private OtlpSpanExport() {}

    /**
     * {@code span} of the trace whose OpenTelemetry id is {@code traceId} (32 hex digits), {@code spanIds} each span's
     * id by name (16 hex digits), {@code requestId} the trace's MLflow id ({@code tr-...}).
     */
    static ExportTraceServiceRequest of(
            String traceId, Map<String, String> spanIds, String requestId, SpanSnapshot span) {
        Map<String, String> attributes = new TreeMap<>(span.attributes());
        attributes.put(TraceData.REQUEST_ID_ATTRIBUTE, "\"" + requestId + "\"");
        Span.Builder otlp = Span.newBuilder()
                .setTraceId(bytes(traceId))
                .setSpanId(bytes(spanIds.get(span.name())))
                .setName(span.name())
                .setStartTimeUnixNano(span.startTimeNs())
                .setEndTimeUnixNano(span.endTimeNs())
                .setStatus(Status.newBuilder()
                        .setCode(Status.StatusCode.valueOf("STATUS_CODE_" + span.statusCode()))
                        .setMessage(span.statusMessage()));
        if (span.parent() != null) {
            otlp.setParentSpanId(bytes(spanIds.get(span.parent())));
        }
        attributes.forEach((key, value) ->
                otlp.addAttributes(KeyValue.newBuilder().setKey(key).setValue(SpanAttributeValues.toAnyValue(value))));
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(otlp)))
                .build();
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
