package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.json.Mappers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceInfoV3Test {

    /** What the 3.2.0 client's RestStore.start_trace sent (message_to_json of StartTraceV3) for the same info. */
    @Test
    void writesTheInfoAsThe32ClientSendsIt() throws Exception {
        TraceInfoV3 info = new TraceInfoV3(
                "tr-0123",
                "1",
                1_700_000_000_123L,
                250,
                "OK",
                "{\"a\": 1}",
                "",
                Map.of("k", "v", "mlflow.trace_schema.version", "3"),
                Map.of("t", "u"));
        String python = "{\"trace_id\": \"tr-0123\", \"trace_location\": {\"type\": \"MLFLOW_EXPERIMENT\","
                + " \"mlflow_experiment\": {\"experiment_id\": \"1\"}}, \"request_time\": \"2023-11-14T22:13:20.123Z\","
                + " \"execution_duration\": \"0.250s\", \"state\": \"OK\", \"trace_metadata\": {\"k\": \"v\","
                + " \"mlflow.trace_schema.version\": \"3\"}, \"tags\": {\"t\": \"u\"}, \"request_preview\":"
                + " \"{\\\"a\\\": 1}\", \"response_preview\": \"\"}";

        assertThat((Object) Mappers.MLFLOW.valueToTree(info.toJson())).isEqualTo(Mappers.MLFLOW.readTree(python));
    }
}
