package io.mlflowchart.harness.mlflow;

import java.util.HashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A trace as a snapshot holds it, keyed {@code experiment/name}: {@code name} is its root span's, which the client
 * also puts in the tag {@code mlflow.traceName}. {@code id} is recorded, not compared. {@code timestampMs} and
 * {@code executionTimeMs} are the client's (the root span's start and duration); {@code spans} are keyed by name,
 * {@code assessments} by {@link AssessmentSnapshot#key()} (none on a release without them, or in a snapshot written
 * before the harness read them).
 */
public record TraceSnapshot(
        String id,
        String experiment,
        String name,
        long timestampMs,
        long executionTimeMs,
        String status,
        SortedMap<String, String> metadata,
        SortedMap<String, String> tags,
        SortedMap<String, SpanSnapshot> spans,
        SortedMap<String, AssessmentSnapshot> assessments,
        SortedSet<String> runs) {

    public TraceSnapshot {
        metadata = new TreeMap<>(metadata);
        tags = new TreeMap<>(tags);
        spans = new TreeMap<>(spans);
        assessments = assessments == null ? new TreeMap<>() : new TreeMap<>(assessments);
        runs = runs == null ? new TreeSet<>() : new TreeSet<>(runs);
    }

    /**
     * One span: {@code parent} is the parent span's name (null for the root), times in nanoseconds since the epoch,
     * {@code attributes} as MLflow keeps them, each value JSON text (inputs, outputs, the span type among them).
     */
    public record SpanSnapshot(
            String name,
            String parent,
            long startTimeNs,
            long endTimeNs,
            String statusCode,
            String statusMessage,
            SortedMap<String, String> attributes) {

        public SpanSnapshot {
            attributes = new TreeMap<>(attributes);
        }
    }

    /**
     * A feedback or an expectation on the trace (MLflow 3's assessments, {@code assessments.proto}), keyed
     * {@code name by SOURCE_TYPE source_id}: an override carries the name of what it overrides, its source tells
     * them apart. {@code id} is the server's, recorded, not compared. {@code span}: the name of the span it is on,
     * null for the whole trace. {@code type}: {@code feedback} or {@code expectation}. {@code value} as
     * {@link CanonicalJson}. The times are the client's, which the store keeps (it takes its clock only for a time
     * the request lacks, and for the last update of an UpdateAssessment). {@code overrides}: the key of the
     * assessment this one overrides, whose {@code valid} the store then sets to false.
     */
    public record AssessmentSnapshot(
            String id,
            String name,
            String span,
            String type,
            String value,
            String rationale,
            String sourceType,
            String sourceId,
            SortedMap<String, String> metadata,
            long createTimeMs,
            long lastUpdateTimeMs,
            String overrides,
            Boolean valid) {

        public AssessmentSnapshot {
            metadata = metadata == null ? new TreeMap<>() : new TreeMap<>(metadata);
        }

        public String key() {
            return key(name, sourceType, sourceId);
        }

        static String key(String name, String sourceType, String sourceId) {
            return name + " by " + sourceType + " " + sourceId;
        }
    }

    /** The metadata every client writes: which format its spans are in, 2 (2.x clients) or 3 (3.x clients). */
    static final String SCHEMA_VERSION = "mlflow.trace_schema.version";

    /**
     * The metadata a client writes for a trace logged inside a run: the run's id, which a snapshot holds as the run's
     * key ({@code experiment/run}), ids being the server's.
     */
    static final String SOURCE_RUN = "mlflow.sourceRun";

    /** {@link #SCHEMA_VERSION} as a number; 2 if the metadata lacks it. */
    public int schemaVersion() {
        return Integer.parseInt(metadata.getOrDefault(SCHEMA_VERSION, "2"));
    }

    public String key() {
        return experiment + "/" + name;
    }

    /** This trace with other tags and assessments, as a store or a client adds them. */
    TraceSnapshot with(SortedMap<String, String> otherTags, SortedMap<String, AssessmentSnapshot> otherAssessments) {
        return copy(metadata, otherTags, otherAssessments, runs);
    }

    /** This trace with other metadata and found by other runs, as a client logs it inside a run or links it to one. */
    TraceSnapshot with(SortedMap<String, String> otherMetadata, SortedSet<String> otherRuns) {
        return copy(otherMetadata, tags, assessments, otherRuns);
    }

    private TraceSnapshot copy(
            SortedMap<String, String> otherMetadata,
            SortedMap<String, String> otherTags,
            SortedMap<String, AssessmentSnapshot> otherAssessments,
            SortedSet<String> otherRuns) {
        return new TraceSnapshot(
                id,
                experiment,
                name,
                timestampMs,
                executionTimeMs,
                status,
                otherMetadata,
                otherTags,
                spans,
                otherAssessments,
                otherRuns);
    }

    /**
     * The span ids the dataset's client gives the spans {@code spans} keyed by name: 16 hex digits, their order by
     * name. An assessment names its span by such an id, which the store keeps as sent.
     */
    static Map<String, String> clientSpanIds(SortedMap<String, SpanSnapshot> spans) {
        Map<String, String> ids = new HashMap<>();
        spans.keySet().forEach(span -> ids.put(span, String.format("%016x", ids.size() + 1)));
        return ids;
    }
}
