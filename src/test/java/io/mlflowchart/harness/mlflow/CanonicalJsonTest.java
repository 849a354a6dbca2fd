package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    /** What Python's json.dumps (MLflow's store) writes for a value equals what the dataset writes for it. */
    @Test
    void givesOneTextForEqualValuesWhateverTheirKeyOrderSpacingAndEscapes() {
        String python = "{\"top_k\": 5, \"question\": \"Wie skaliert MLflow? \\u2713\", \"facts\": [\"a\", 0.75, true],"
                + " \"nested\": {\"b\": 1, \"a\": null}}";

        assertThat(CanonicalJson.ofText(python))
                .isEqualTo("{\"facts\":[\"a\",0.75,true],\"nested\":{\"a\":null,\"b\":1},"
                        + "\"question\":\"Wie skaliert MLflow? ✓\",\"top_k\":5}");
        assertThat(CanonicalJson.of(Map.of(
                        "question",
                        "Wie skaliert MLflow? ✓",
                        "top_k",
                        5,
                        "facts",
                        List.of("a", 0.75, true),
                        "nested",
                        new java.util.HashMap<>(Map.of("b", 1)))))
                .isEqualTo("{\"facts\":[\"a\",0.75,true],\"nested\":{\"b\":1},"
                        + "\"question\":\"Wie skaliert MLflow? ✓\",\"top_k\":5}");
        assertThat(CanonicalJson.ofText(null)).isNull();
    }
}
