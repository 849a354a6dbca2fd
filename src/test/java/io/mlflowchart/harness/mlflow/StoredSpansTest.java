package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.List;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class StoredSpansTest {

    /** The attributes the Python client adds of its own, beside the request id every span repeats. */
    private static final List<String> CLIENT_ATTRIBUTES = List.of("mlflow.spanStartTimeNs", "mlflow.experimentId");

    /**
     * What BatchGetTraces of a 3.9.0 server answered for the trace "answer-question" of DatasetTraces, which the
     * 3.9.0 Python client had written (spans over OTLP, then StartTraceV3) at the same times: the spans read back are
     * the dataset's, attribute for attribute, as JSON text in Python's layout.
     */
    @Test
    void readsTheSpansA39ServerKeptAsTheDatasetHoldsThem() throws Exception {
        JsonNode answer = Mappers.MLFLOW.readTree(
                StoredSpansTest.class.getResource("/io/mlflowchart/harness/mlflow/batch-get-traces-3.9.0.json"));
        SortedMap<String, SpanSnapshot> read = Mappers.MLFLOW
                .treeToValue(answer.path("traces").path(0), StoredSpans.class)
                .snapshots();

        assertThat(read.get("retrieve").attributes())
                .containsEntry(TraceData.REQUEST_ID_ATTRIBUTE, "\"tr-599d4e184ea7ab5a853016b953c28fe2\"");
        read.values().forEach(span -> {
            span.attributes().remove(TraceData.REQUEST_ID_ATTRIBUTE);
            span.attributes().keySet().removeAll(CLIENT_ATTRIBUTES);
        });
        assertThat(read)
                .isEqualTo(DatasetTraces.of("exp-1", 1_700_000_000_000L, DataKind.TRACES_DB)
                        .get(0)
                        .spans());
    }

    @Test
    void writesValuesBackAsPythonsJsonDumpsDoes() throws Exception {
        assertThat(
                        dumped(
                                "{\"kvlist_value\": {\"values\": [{\"key\": \"b\", \"value\": {\"int_value\": \"7\"}},"
                                        + " {\"key\": \"a\", \"value\": {\"array_value\": {\"values\": [{\"bool_value\": true}, {}]}}}]}}"))
                .isEqualTo("{\"b\": 7, \"a\": [true, null]}");
        assertThat(dumped("{\"string_value\": \"ä \\\" \\\\ \\n \\u0001\"}")).isEqualTo("\"ä \\\" \\\\ \\n \\u0001\"");
        assertThat(dumped("{\"double_value\": 0.2}")).isEqualTo("0.2");
        assertThat(dumped("{\"double_value\": 100}")).isEqualTo("100.0");
        assertThat(dumped("{\"double_value\": 1e16}")).isEqualTo("1e+16");
        assertThat(dumped("{\"double_value\": 1.5e-05}")).isEqualTo("1.5e-05");
    }

    private static String dumped(String anyValue) throws Exception {
        return SpanAttributeValues.fromAnyValue(Mappers.MLFLOW.readTree(anyValue));
    }

    @Test
    void sendsJsonTextAsThePythonClientsDecodedValue() {
        AnyValue sent = SpanAttributeValues.toAnyValue("{\"b\": 7, \"a\": [true, null, 0.2, \"ä\"]}");

        assertThat(sent.getKvlistValue().getValuesList())
                .extracting(KeyValue::getKey)
                .containsExactly("b", "a");
        assertThat(sent.getKvlistValue().getValues(0).getValue().getIntValue()).isEqualTo(7);
        assertThat(sent.getKvlistValue().getValues(1).getValue().getArrayValue().getValuesList())
                .containsExactly(
                        AnyValue.newBuilder().setBoolValue(true).build(),
                        AnyValue.getDefaultInstance(),
                        AnyValue.newBuilder().setDoubleValue(0.2).build(),
                        AnyValue.newBuilder().setStringValue("ä").build());
    }
}
