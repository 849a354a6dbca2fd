package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceDataTest {

    /** 3.17.2's client failed on a root span written without parent_id ("Failed to create a Span object"). */
    @Test
    void writesTheKeysMlflowClientsRequireEvenWhenTheyAreNull() throws Exception {
        TraceData.Span root = new TraceData.Span(
                "root",
                new TraceData.Context("0x0000000000000001", "0x0123"),
                null,
                1L,
                2L,
                "OK",
                "",
                Map.of("mlflow.traceRequestId", "\"0123\""),
                List.of());

        JsonNode json =
                Mappers.MLFLOW.readTree(Mappers.MLFLOW.writeValueAsBytes(new TraceData(List.of(root), null, null)));

        assertThat(json.has("request")).isTrue();
        assertThat(json.has("response")).isTrue();
        JsonNode span = json.path("spans").path(0);
        assertThat(span.has("parent_id")).isTrue();
        assertThat(span.path("parent_id").isNull()).isTrue();
        assertThat(span.path("context").path("span_id").asText()).isEqualTo("0x0000000000000001");
        assertThat(span.path("start_time").asLong()).isEqualTo(1L);
        assertThat(span.path("status_code").asText()).isEqualTo("OK");
    }
}
