package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TraceDataV3Test {

    private static final SpanSnapshot ROOT = new SpanSnapshot(
            "root", null, 1L, 4L, "OK", "", new TreeMap<>(Map.of("mlflow.spanInputs", "{\"q\": \"ä\"}")));
    private static final SpanSnapshot CHILD = new SpanSnapshot(
            "child", "root", 2L, 3L, "ERROR", "boom", new TreeMap<>(Map.of("mlflow.spanType", "\"TOOL\"")));
    private static final SortedMap<String, SpanSnapshot> SPANS =
            new TreeMap<>(Map.of(ROOT.name(), ROOT, CHILD.name(), CHILD));

    private static TraceDataV3 written() {
        return TraceDataV3.of(
                "0123456789abcdef0123456789abcdef",
                Map.of("root", "0000000000000005", "child", "0000000000000007"),
                "\"tr-0123456789abcdef0123456789abcdef\"",
                SPANS);
    }

    /**
     * What TraceData.to_dict of the 3.2.0 Python client wrote for such spans (run on 3.4.0's dependencies): the root's
     * parent_span_id empty, not missing, ids as base64, a status message only when set.
     */
    @Test
    void writesSpansAsThe32ClientDoes() throws Exception {
        String python = "{\"spans\": [{\"trace_id\": \"ASNFZ4mrze8BI0VniavN7w==\", \"span_id\": \"AAAAAAAAAAc=\","
                + " \"trace_state\": \"\", \"parent_span_id\": \"AAAAAAAAAAU=\", \"name\": \"child\","
                + " \"start_time_unix_nano\": 2, \"end_time_unix_nano\": 3, \"attributes\": {\"mlflow.spanType\":"
                + " \"\\\"TOOL\\\"\", \"mlflow.traceRequestId\": \"\\\"tr-0123456789abcdef0123456789abcdef\\\"\"},"
                + " \"status\": {\"message\": \"boom\", \"code\": \"STATUS_CODE_ERROR\"}},"
                + " {\"trace_id\": \"ASNFZ4mrze8BI0VniavN7w==\", \"span_id\": \"AAAAAAAAAAU=\", \"trace_state\": \"\","
                + " \"parent_span_id\": \"\", \"name\": \"root\", \"start_time_unix_nano\": 1, \"end_time_unix_nano\": 4,"
                + " \"attributes\": {\"mlflow.spanInputs\": \"{\\\"q\\\": \\\"ä\\\"}\", \"mlflow.traceRequestId\":"
                + " \"\\\"tr-0123456789abcdef0123456789abcdef\\\"\"}, \"status\": {\"code\": \"STATUS_CODE_OK\"}}]}";

        assertThat(Mappers.MLFLOW.readTree(Mappers.MLFLOW.writeValueAsBytes(written())))
                .isEqualTo(Mappers.MLFLOW.readTree(python));
    }

    @Test
    void readsBackTheSpansItWasWrittenFromWithTheRequestId() {
        SortedMap<String, SpanSnapshot> read = written().snapshots();

        assertThat(read.get("child").parent()).isEqualTo("root");
        assertThat(read.get("child").statusCode()).isEqualTo("ERROR");
        assertThat(read.get("root").statusMessage()).isEmpty();
        assertThat(read.get("root").attributes())
                .containsEntry(TraceData.REQUEST_ID_ATTRIBUTE, "\"tr-0123456789abcdef0123456789abcdef\"");
        read.values().forEach(span -> span.attributes().remove(TraceData.REQUEST_ID_ATTRIBUTE));
        assertThat(read).isEqualTo(SPANS);
    }

    @Test
    void encodesIdsAsTheirBigEndianBytes() {
        assertThat(TraceDataV3.base64("ff00000000000001", 8)).isEqualTo("/wAAAAAAAAE=");
        assertThat(TraceDataV3.base64("0000000000000001", 8)).isEqualTo("AAAAAAAAAAE=");
    }
}
