package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.TraceSnapshot.AssessmentSnapshot;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The assessments the dataset puts on its trace that succeeds, as a 3.2 or later client logs them (tracing/assessment.py
 * of 3.2.0 and 3.17.2): a reviewer's feedback on the answer, with a rationale and metadata ({@code mlflow.log_feedback});
 * the facts the answer should hold ({@code mlflow.log_expectation}: a list, which the client sends as a JSON text); an
 * LLM judge's feedback on the retrieval span; and a reviewer's feedback overriding that one
 * ({@code mlflow.override_feedback}: the same name and span, {@code overrides} naming it), so that the store marks
 * the judge's invalid. Each is stamped a minute after the one before, from a minute after the trace ends: the client's
 * times, as it sets them when it makes the assessment, creation and last update alike.
 */
final class DatasetAssessments {

    private static final long MINUTE = 60_000L;

    static final String REVIEWER = "reviewer@example.com";
    private static final String JUDGE = "gpt-4o-mini";

    private DatasetAssessments() {}

    /** {@code trace} with the assessments, whatever it had. */
    static TraceSnapshot on(TraceSnapshot trace) {
        long first = trace.timestampMs() + trace.executionTimeMs() + MINUTE;
        AssessmentSnapshot judged = feedback(
                "relevance",
                DatasetTraces.RETRIEVE,
                "0.5",
                "The document says MLflow is a platform, not what it does.",
                "LLM_JUDGE",
                JUDGE,
                Map.of("judge_prompt", "v2"),
                first + 2 * MINUTE,
                null,
                false);
        List<AssessmentSnapshot> assessments = List.of(
                feedback(
                        "correctness",
                        null,
                        "true",
                        "Beantwortet die Frage richtig ✓",
                        "HUMAN",
                        REVIEWER,
                        Map.of("review_round", "1", "tool", "harness"),
                        first,
                        null,
                        true),
                new AssessmentSnapshot(
                        null,
                        "expected_facts",
                        null,
                        Assessment.EXPECTATION,
                        "[\"open source\",\"ML lifecycle\"]",
                        null,
                        "HUMAN",
                        REVIEWER,
                        new TreeMap<>(),
                        first + MINUTE,
                        first + MINUTE,
                        null,
                        true),
                judged,
                feedback(
                        "relevance",
                        DatasetTraces.RETRIEVE,
                        "0.9",
                        "It is the introduction, which says what MLflow is.",
                        "HUMAN",
                        REVIEWER,
                        Map.of(),
                        first + 3 * MINUTE,
                        judged.key(),
                        true));
        SortedMap<String, AssessmentSnapshot> keyed = new TreeMap<>();
        assessments.forEach(assessment -> keyed.put(assessment.key(), assessment));
        return trace.with(trace.tags(), keyed);
    }

    /** {@code valid}: as the store serves it, false once another overrides it. */
    private static AssessmentSnapshot feedback(
            String name,
            String span,
            String value,
            String rationale,
            String sourceType,
            String sourceId,
            Map<String, String> metadata,
            long timeMs,
            String overrides,
            boolean valid) {
        return new AssessmentSnapshot(
                null,
                name,
                span,
                Assessment.FEEDBACK,
                value,
                rationale,
                sourceType,
                sourceId,
                new TreeMap<>(metadata),
                timeMs,
                timeMs,
                overrides,
                valid);
    }
}
