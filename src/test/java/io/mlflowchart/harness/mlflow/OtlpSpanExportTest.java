package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtlpSpanExportTest {

    /** 2023-11-14T22:13:20Z, where the 3.4.0 client's traces below start too. */
    private static final long START = 1_700_000_000_000L;

    /**
     * The request body RestStore.log_spans of the 3.4.0 Python client sent for the span "generate" of the traces
     * DatasetTraces holds, written with MlflowClient.start_trace/start_span/end_span at the same times (captured on
     * the 3.4.0 image against its own server).
     */
    private static final String GENERATE_34 =
            "CoEDEv4CEvsCChAmCIbzLOz+h5t+R/cSiAjqEgjDmssCICNOKSIIP3MMlpmQ6SUqCGdlbmVyYXRlOYAdVjr+nJcXQQAceET+nJcXSiQKFm1"
                    + "sZmxvdy5zcGFuU3RhcnRUaW1lTnMSChiAu9jS45/nyxdKPgoVbWxmbG93LnRyYWNlUmVxdWVzdElkEiUKI3RyLTI2MDg4NmYzMmNl"
                    + "Y2ZlODc5YjdlNDdmNzEyODgwOGVhShgKD21sZmxvdy5zcGFuVHlwZRIFCgNMTE1KQAoRbWxmbG93LnNwYW5JbnB1dHMSKzIpCicKBn"
                    + "Byb21wdBIdChtBbnN3ZXI6IFdhcyBpc3QgTUxmbG93PyDinJNKGAoLdGVtcGVyYXR1cmUSCSGamZmZmZnJP0pXChJtbGZsb3cuc3Bh"
                    + "bk91dHB1dHMSQTI/Cj0KBmFuc3dlchIzCjFBbiBvcGVuIHNvdXJjZSBwbGF0Zm9ybSBmb3IgdGhlIE1MIGxpZmVjeWNsZSDwn5qAeg"
                    + "IYAQ==";

    /** The same for the span "call-tool" of the failing trace: a status with its message. */
    private static final String CALL_TOOL_34 =
            "CpsCEpgCEpUCChCytdVw0SKCkIFvPYZWQ3+1EggioXp/f3+eiyII5VwwEpFp+rYqCWNhbGwtdG9vbDlAFRFy/pyXF0HAjJ94/pyXF0okChZ"
                    + "tbGZsb3cuc3BhblN0YXJ0VGltZU5zEgoYwKrEkOef58sXSj4KFW1sZmxvdy50cmFjZVJlcXVlc3RJZBIlCiN0ci1iMmI1ZDU3MGQxMj"
                    + "I4MjkwODE2ZjNkODY1NjQzN2ZiNUoZCg9tbGZsb3cuc3BhblR5cGUSBgoEVE9PTEopChFtbGZsb3cuc3BhbklucHV0cxIUMhIKEAoE"
                    + "Y2l0eRIICgZCZXJsaW56JBIgVGltZW91dEVycm9yOiBubyBhbnN3ZXIgaW4gMC4xIHMYAg==";

    /** Set by the client from the span's start, which the dataset's spans do not hold as an attribute. */
    private static final String START_TIME_ATTRIBUTE = "mlflow.spanStartTimeNs";

    @Test
    void sendsASpanAsThe34ClientDoes() throws Exception {
        assertSentAsTheClient(GENERATE_34, 0, "generate", "answer-question");
    }

    @Test
    void sendsAFailedSpanWithItsStatusMessageAsThe34ClientDoes() throws Exception {
        assertSentAsTheClient(CALL_TOOL_34, 1, "call-tool", "use-tool");
    }

    /** {@code trace} of DatasetTraces' two, its span {@code name} under {@code parent}, with the client's ids. */
    private static void assertSentAsTheClient(String clientBody, int trace, String name, String parent)
            throws Exception {
        ExportTraceServiceRequest client =
                ExportTraceServiceRequest.parseFrom(Base64.getDecoder().decode(clientBody));
        Span sent = client.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        String traceId = HexFormat.of().formatHex(sent.getTraceId().toByteArray());
        SpanSnapshot span = DatasetTraces.of("exp-1", START, DataKind.TRACES_OTLP)
                .get(trace)
                .spans()
                .get(name);

        ExportTraceServiceRequest ours = OtlpSpanExport.of(
                traceId,
                Map.of(
                        name, HexFormat.of().formatHex(sent.getSpanId().toByteArray()),
                        parent, HexFormat.of().formatHex(sent.getParentSpanId().toByteArray())),
                "tr-" + traceId,
                span);

        assertThat(ours.getResourceSpansCount()).isEqualTo(client.getResourceSpansCount());
        assertThat(ours.getResourceSpans(0).hasResource())
                .isEqualTo(client.getResourceSpans(0).hasResource());
        assertThat(ours.getResourceSpans(0).getScopeSpans(0).getSpansList())
                .containsExactly(withSortedAttributes(sent));
    }

    /** {@code span} with its attributes by key, without the one the dataset leaves out. */
    private static Span withSortedAttributes(Span span) {
        List<KeyValue> attributes = span.getAttributesList().stream()
                .filter(attribute -> !attribute.getKey().equals(START_TIME_ATTRIBUTE))
                .sorted(Comparator.comparing(KeyValue::getKey))
                .toList();
        return span.toBuilder().clearAttributes().addAllAttributes(attributes).build();
    }
}
