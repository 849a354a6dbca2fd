package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.mlflow.TraceSnapshot.AssessmentSnapshot;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A feedback or an expectation on a trace as MLflow's REST API 3.0 takes and serves it ({@code Assessment} in
 * assessments.proto of 3.2.0 to 3.17.2), in protobuf's JSON mapping: times as Timestamps (RFC 3339 text), a feedback's
 * value a {@code google.protobuf.Value} (any JSON value); an expectation's too when it is a number, a string or a
 * boolean, else a JSON text in {@code serialized_value} ({@code ExpectationValue.to_proto}, entities/assessment.py).
 */
public record Assessment(
        String assessmentId,
        String assessmentName,
        String traceId,
        String spanId,
        Source source,
        String createTime,
        String lastUpdateTime,
        Feedback feedback,
        Expectation expectation,
        IssueReference issue,
        String rationale,
        Map<String, String> metadata,
        String overrides,
        Boolean valid) {

    /** {@code sourceType}: HUMAN, LLM_JUDGE or CODE. */
    public record Source(String sourceType, String sourceId) {}

    public record Feedback(JsonNode value) {}

    public record Expectation(JsonNode value, SerializedValue serializedValue) {}

    public record SerializedValue(String serializationFormat, String value) {}

    /** What an assessment referencing an issue holds (3.11 on): the issue's name; the assessment is named by its id. */
    public record IssueReference(String issueName) {}

    /** A trace's info as SearchTracesV3 serves it, but for its assessments all left out. */
    public record OfTrace(String traceId, List<Assessment> assessments) {}

    static final String FEEDBACK = "feedback";
    static final String EXPECTATION = "expectation";

    /** The one format {@code serialized_value} has. */
    private static final String JSON_FORMAT = "JSON_FORMAT";

    /**
     * What the Python client sends for {@code assessment} (3.2.0 and 3.17.2: {@code Assessment.to_proto}, sent by
     * {@code RestStore.create_assessment}), on {@code spanId} (null: the whole trace), overriding the assessment
     * {@code overridesId} (null: none): no id, which the server makes; the times; a feedback's {@code valid} true,
     * as {@code Feedback} holds it, an expectation's left out; metadata only when there is some.
     */
    static Assessment request(AssessmentSnapshot assessment, String traceId, String spanId, String overridesId) {
        JsonNode value = tree(assessment.value());
        boolean feedback = FEEDBACK.equals(assessment.type());
        return new Assessment(
                null,
                assessment.name(),
                traceId,
                spanId,
                new Source(assessment.sourceType(), assessment.sourceId()),
                Instant.ofEpochMilli(assessment.createTimeMs()).toString(),
                Instant.ofEpochMilli(assessment.lastUpdateTimeMs()).toString(),
                feedback ? new Feedback(value) : null,
                feedback ? null : expectation(value, assessment.value()),
                null,
                assessment.rationale(),
                assessment.metadata().isEmpty() ? null : assessment.metadata(),
                overridesId,
                feedback ? Boolean.TRUE : null);
    }

    /**
     * A reference from a trace to an issue (entities/assessment.py IssueReference, 3.11.1 to 3.17.2): named by the
     * issue's id, its value the issue's name, from {@code reviewer}, stamped {@code timeMs}. The store counts the
     * traces an issue has by these (sqlalchemy_store.py search_issues).
     */
    static Assessment issueReference(String traceId, String issueId, String issueName, String reviewer, long timeMs) {
        String time = Instant.ofEpochMilli(timeMs).toString();
        return new Assessment(
                null,
                issueId,
                traceId,
                null,
                new Source("HUMAN", reviewer),
                time,
                time,
                null,
                null,
                new IssueReference(issueName),
                null,
                null,
                null,
                null);
    }

    /** Whether this references an issue, which a snapshot shows with the issue, not among the trace's assessments. */
    boolean isIssueReference() {
        return issue != null;
    }

    /** A number, string or boolean as itself, anything else as its JSON text, as {@code _need_serialization} says. */
    private static Expectation expectation(JsonNode value, String text) {
        return value.isValueNode()
                ? new Expectation(value, null)
                : new Expectation(null, new SerializedValue(JSON_FORMAT, text));
    }

    /**
     * The assessments of one trace as a snapshot holds them, keyed {@link AssessmentSnapshot#key()}: the span each is
     * on by name, from {@code spanNames} (id to name), what one overrides by its key.
     */
    static SortedMap<String, AssessmentSnapshot> snapshots(List<Assessment> served, Map<String, String> spanNames) {
        Map<String, String> keys = new HashMap<>();
        served.forEach(assessment -> keys.put(assessment.assessmentId(), assessment.key()));
        SortedMap<String, AssessmentSnapshot> snapshots = new TreeMap<>();
        for (Assessment assessment : served) {
            AssessmentSnapshot snapshot = new AssessmentSnapshot(
                    assessment.assessmentId(),
                    assessment.assessmentName(),
                    named(spanNames, assessment.spanId(), "span"),
                    assessment.type(),
                    assessment.valueJson(),
                    assessment.rationale(),
                    assessment.source() == null ? null : assessment.source().sourceType(),
                    assessment.source() == null ? null : assessment.source().sourceId(),
                    assessment.metadata() == null ? null : new TreeMap<>(assessment.metadata()),
                    millis(assessment.createTime()),
                    millis(assessment.lastUpdateTime()),
                    named(keys, assessment.overrides(), "assessment"),
                    assessment.valid());
            if (snapshots.put(snapshot.key(), snapshot) != null) {
                throw new IllegalStateException("trace " + assessment.traceId() + " has two assessments '"
                        + snapshot.key() + "'; snapshots key them so");
            }
        }
        return snapshots;
    }

    private String key() {
        return AssessmentSnapshot.key(
                assessmentName, source == null ? null : source.sourceType(), source == null ? null : source.sourceId());
    }

    /** {@code feedback} or {@code expectation}; null for any other kind. */
    private String type() {
        if (feedback != null) {
            return FEEDBACK;
        }
        return expectation != null ? EXPECTATION : null;
    }

    private String valueJson() {
        if (feedback != null) {
            return CanonicalJson.of(feedback.value());
        }
        if (expectation == null) {
            return null;
        }
        return expectation.serializedValue() != null
                ? CanonicalJson.ofText(expectation.serializedValue().value())
                : CanonicalJson.of(expectation.value());
    }

    /** What {@code id} stands for in {@code names}; null for none, and a marked id for one not there. */
    private static String named(Map<String, String> names, String id, String what) {
        if (id == null || id.isEmpty()) {
            return null;
        }
        return names.getOrDefault(id, "<unknown " + what + " " + id + ">");
    }

    private static long millis(String timestamp) {
        return timestamp == null ? 0 : Instant.parse(timestamp).toEpochMilli();
    }

    private static JsonNode tree(String json) {
        try {
            return Mappers.MLFLOW.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an assessment's value is no JSON: " + json, e);
        }
    }
}
