package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.mlflow.TraceSnapshot.AssessmentSnapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AssessmentTest {

    private static final TraceSnapshot ANSWERED = DatasetGenerator.generate(
                    DatasetSpec.named("small"), "", DataKinds.servedBy("3.17.2"))
            .expected()
            .traces()
            .get("exp-1/answer-question");

    private static final String JUDGED = "relevance by LLM_JUDGE gpt-4o-mini";
    private static final String OVERRIDE = "relevance by HUMAN reviewer@example.com";

    /** The spans sorted by name: answer-question, generate, retrieve. */
    private static final String RETRIEVE_ID = "0000000000000003";

    @Test
    void sendsAFeedbackAsThePythonClientDoesWithTheTimesItWasMadeAt() throws Exception {
        JsonNode sent =
                json(Assessment.request(ANSWERED.assessments().get(OVERRIDE), "tr-0123", RETRIEVE_ID, "a-judged"));

        // Assessment.to_proto of 3.2.0 and 3.17.2 through message_to_json: no id, a feedback's valid, no metadata
        // when there is none.
        assertThat(sent).isEqualTo(Mappers.MLFLOW.readTree("""
                        {"assessment_name": "relevance", "trace_id": "tr-0123", "span_id": "0000000000000003",
                         "source": {"source_type": "HUMAN", "source_id": "reviewer@example.com"},
                         "create_time": "2023-11-15T22:17:20.250Z", "last_update_time": "2023-11-15T22:17:20.250Z",
                         "feedback": {"value": 0.9},
                         "rationale": "It is the introduction, which says what MLflow is.",
                         "overrides": "a-judged", "valid": true}
                        """));
    }

    @Test
    void sendsAnExpectationThatIsNoScalarAsJsonTextAndNoValid() {
        AssessmentSnapshot facts = ANSWERED.assessments().get("expected_facts by HUMAN reviewer@example.com");
        JsonNode sent = json(Assessment.request(facts, "tr-0123", null, null));

        assertThat(sent.path("expectation")
                        .path("serialized_value")
                        .path("serialization_format")
                        .asText())
                .isEqualTo("JSON_FORMAT");
        assertThat(CanonicalJson.ofText(sent.path("expectation")
                        .path("serialized_value")
                        .path("value")
                        .asText()))
                .isEqualTo("[\"open source\",\"ML lifecycle\"]");
        assertThat(sent.has("valid")).isFalse();
        assertThat(sent.has("span_id")).isFalse();
        assertThat(sent.has("metadata")).isFalse();

        AssessmentSnapshot scalar = new AssessmentSnapshot(
                null, "answer", null, "expectation", "\"42\"", null, "HUMAN", "r", new TreeMap<>(), 0, 0, null, true);
        assertThat(json(Assessment.request(scalar, "tr-0123", null, null)).path("expectation"))
                .isEqualTo(Mappers.MLFLOW.createObjectNode().put("value", "42"));
    }

    @Test
    void readsBackWhatItSentAsTheServerKeepsItTheSpanByNameAndTheOverriddenByKey() {
        // What the store serves for each request: the id it made, valid true but for the one overridden.
        Map<String, String> ids = new HashMap<>();
        ANSWERED.assessments().keySet().forEach(key -> ids.put(key, "a-" + ids.size()));
        Map<String, String> spanIds = TraceSnapshot.clientSpanIds(ANSWERED.spans());
        List<Assessment> served = new ArrayList<>();
        ANSWERED.assessments().values().forEach(assessment -> {
            Assessment sent = Assessment.request(
                    assessment,
                    "tr-0123",
                    assessment.span() == null ? null : spanIds.get(assessment.span()),
                    ids.get(assessment.overrides()));
            served.add(new Assessment(
                    ids.get(assessment.key()),
                    sent.assessmentName(),
                    sent.traceId(),
                    sent.spanId(),
                    sent.source(),
                    sent.createTime(),
                    sent.lastUpdateTime(),
                    sent.feedback(),
                    sent.expectation(),
                    sent.issue(),
                    sent.rationale(),
                    sent.metadata(),
                    sent.overrides(),
                    !assessment.key().equals(JUDGED)));
        });
        Map<String, String> spanNames = new HashMap<>();
        spanIds.forEach((name, id) -> spanNames.put(id, name));

        SortedMap<String, AssessmentSnapshot> read = Assessment.snapshots(served, spanNames);

        assertThat(read.keySet()).isEqualTo(ANSWERED.assessments().keySet());
        read.forEach((key, assessment) -> assertThat(assessment)
                .usingRecursiveComparison()
                .ignoringFields("id")
                .isEqualTo(ANSWERED.assessments().get(key)));
        assertThat(read.get(JUDGED).id()).isEqualTo(ids.get(JUDGED));
    }

    @Test
    void readsTheTimestampsAndJsonTextAs317ServesThem() throws Exception {
        Assessment served = Mappers.MLFLOW.treeToValue(Mappers.MLFLOW.readTree("""
                        {"assessment_id": "a-1", "assessment_name": "facts", "trace_id": "tr-1", "span_id": "00000000000000ff",
                         "source": {"source_type": "HUMAN", "source_id": "r"},
                         "create_time": "2023-11-15T22:14:20.250Z", "last_update_time": "2023-11-15T22:15:20Z",
                         "expectation": {"serialized_value": {"serialization_format": "JSON_FORMAT",
                                                              "value": "{\\"b\\": [1.5, true], \\"a\\": null}"}},
                         "overrides": "a-0", "valid": true}
                        """), Assessment.class);

        AssessmentSnapshot read =
                Assessment.snapshots(List.of(served), Map.of()).get("facts by HUMAN r");

        assertThat(read.value()).isEqualTo("{\"a\":null,\"b\":[1.5,true]}");
        assertThat(read.type()).isEqualTo("expectation");
        assertThat(read.createTimeMs()).isEqualTo(1_700_086_460_250L);
        assertThat(read.lastUpdateTimeMs()).isEqualTo(1_700_086_520_000L);
        assertThat(read.span()).isEqualTo("<unknown span 00000000000000ff>");
        assertThat(read.overrides()).isEqualTo("<unknown assessment a-0>");
        assertThat(read.metadata()).isEmpty();
    }

    @Test
    void refusesTwoAssessmentsOfOneTraceUnderOneKey() {
        AssessmentSnapshot correctness = ANSWERED.assessments().get("correctness by HUMAN reviewer@example.com");
        Assessment sent = Assessment.request(correctness, "tr-0123", null, null);

        assertThatThrownBy(() -> Assessment.snapshots(List.of(sent, sent), new TreeMap<>()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("trace tr-0123 has two assessments 'correctness by HUMAN reviewer@example.com'; snapshots"
                        + " key them so");
    }

    private static JsonNode json(Assessment assessment) {
        return Mappers.MLFLOW.valueToTree(assessment);
    }
}
