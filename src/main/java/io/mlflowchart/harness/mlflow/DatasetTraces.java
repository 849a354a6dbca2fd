package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The traces the dataset writes to an experiment: one that succeeds (a chain retrieving, then generating) and one
 * that fails in a tool call, with what an MLflow 2.x client records for them (tracing/processor/mlflow.py and
 * tracing/constant.py of 2.22.5): a span's attributes are JSON text, its inputs and outputs under
 * {@code mlflow.spanInputs} and {@code mlflow.spanOutputs}, its type under {@code mlflow.spanType}; the trace's
 * metadata holds the schema version and the root's inputs and outputs, its tags the root's name. 3.x clients
 * record the same (tracing/processor/base_mlflow.py of 3.2.0), with schema version 3.
 */
final class DatasetTraces {

    private static final long MILLIS = 1_000_000L;

    /** The trace that succeeds, by its root span's name. */
    static final String ANSWERED = "answer-question";

    /** Its first child, which finds the documents the answer draws on. */
    static final String RETRIEVE = "retrieve";

    /** The trace that fails, by its root span's name. */
    static final String FAILED = "use-tool";

    /**
     * The run of the traces' experiment that the trace that succeeds is logged inside, and the failed one is linked to
     * afterwards ({@link DataKind#RUN_LINKED_TRACES}).
     */
    static final String TRACED_RUN = "traced";

    private DatasetTraces() {}

    /**
     * The traces of {@code experiment}, starting at {@code startMillis}, a second apart, as the clients of the
     * releases {@code kind} covers write them: in schema version 2 as 2.x clients do ({@link DataKind#TRACES}), else 3.
     * A trace whose spans the store keeps ({@link DataKind#TRACES_DB}) is tagged so by the store: log_spans in
     * sqlalchemy_store.py of 3.6.0 to 3.17.2 sets {@link TraceInfo#SPANS_LOCATION_TAG}.
     */
    static List<TraceSnapshot> of(String experiment, long startMillis, DataKind kind) {
        int schemaVersion = kind == DataKind.TRACES ? 2 : 3;
        List<TraceSnapshot> traces = List.of(
                answered(experiment, startMillis, schemaVersion),
                failed(experiment, startMillis + 1_000, schemaVersion));
        if (kind != DataKind.TRACES_DB) {
            return traces;
        }
        return traces.stream().map(DatasetTraces::keptInStore).toList();
    }

    /**
     * What someone triaging the failed trace does to it afterwards ({@link DataKind#TRACE_TAG_EDITS}): tags what was
     * done, deletes the tag that marked the failure expected; and, from 3.3 ({@link DataKind#RUN_LINKED_TRACES}), links
     * it to {@link #TRACED_RUN}, or {@code linkedRun} null.
     */
    static TraceEdits triage(boolean tags, String linkedRun) {
        return new TraceEdits(
                tags ? new TreeMap<>(Map.of("triage", "timeout raised to 5 s ✓")) : new TreeMap<>(),
                tags ? new TreeMap<>(Map.of("expected", "failure")) : new TreeMap<>(),
                linkedRun);
    }

    /** {@code trace} as a client records it inside the run {@code run} ({@code experiment/run}). */
    static TraceSnapshot loggedIn(TraceSnapshot trace, String run) {
        SortedMap<String, String> metadata = new TreeMap<>(trace.metadata());
        metadata.put(TraceSnapshot.SOURCE_RUN, run);
        SortedSet<String> runs = new TreeSet<>(trace.runs());
        runs.add(run);
        return trace.with(metadata, runs);
    }

    private static TraceSnapshot keptInStore(TraceSnapshot trace) {
        SortedMap<String, String> tags = new TreeMap<>(trace.tags());
        tags.put(TraceInfo.SPANS_LOCATION_TAG, TraceInfo.TRACKING_STORE);
        return trace.with(tags, trace.assessments());
    }

    private static TraceSnapshot answered(String experiment, long start, int schemaVersion) {
        long t0 = start * MILLIS;
        String question = "{\"question\": \"Was ist MLflow? ✓\"}";
        String answer = "{\"answer\": \"An open source platform for the ML lifecycle 🚀\"}";
        SpanSnapshot root = span(ANSWERED, null, t0, t0 + 250 * MILLIS, "OK", "", "CHAIN", question, answer);
        SpanSnapshot retrieve = span(
                RETRIEVE,
                ANSWERED,
                t0 + 10 * MILLIS,
                t0 + 60 * MILLIS,
                "OK",
                "",
                "RETRIEVER",
                "{\"query\": \"MLflow\"}",
                "[{\"page_content\": \"MLflow is an open source platform\", \"metadata\": {\"doc_uri\": \"intro.md\"}}]");
        SpanSnapshot generate = withAttribute(
                span(
                        "generate",
                        ANSWERED,
                        t0 + 70 * MILLIS,
                        t0 + 240 * MILLIS,
                        "OK",
                        "",
                        "LLM",
                        "{\"prompt\": \"Answer: Was ist MLflow? ✓\"}",
                        answer),
                "temperature",
                "0.2");
        return trace(experiment, schemaVersion, "OK", Map.of("environment", "harness"), root, retrieve, generate);
    }

    private static TraceSnapshot failed(String experiment, long start, int schemaVersion) {
        long t0 = start * MILLIS;
        SpanSnapshot root = span(
                FAILED,
                null,
                t0,
                t0 + 120 * MILLIS,
                "ERROR",
                "tool timed out",
                "AGENT",
                "{\"task\": \"weather in Berlin\"}",
                null);
        SpanSnapshot tool = span(
                "call-tool",
                FAILED,
                t0 + 5 * MILLIS,
                t0 + 115 * MILLIS,
                "ERROR",
                "TimeoutError: no answer in 0.1 s",
                "TOOL",
                "{\"city\": \"Berlin\"}",
                null);
        return trace(
                experiment,
                schemaVersion,
                "ERROR",
                Map.of("environment", "harness", "expected", "failure"),
                root,
                tool);
    }

    /** A trace whose times, status and metadata are its root span's, the first of {@code spans}. */
    private static TraceSnapshot trace(
            String experiment,
            int schemaVersion,
            String status,
            Map<String, String> userTags,
            SpanSnapshot root,
            SpanSnapshot... more) {
        SortedMap<String, SpanSnapshot> spans = new TreeMap<>(Map.of(root.name(), root));
        for (SpanSnapshot span : more) {
            spans.put(span.name(), span);
        }
        SortedMap<String, String> metadata =
                new TreeMap<>(Map.of(TraceSnapshot.SCHEMA_VERSION, String.valueOf(schemaVersion)));
        metadata.put("mlflow.traceInputs", root.attributes().get("mlflow.spanInputs"));
        metadata.put("mlflow.traceOutputs", root.attributes().getOrDefault("mlflow.spanOutputs", ""));
        SortedMap<String, String> tags = new TreeMap<>(userTags);
        tags.put(TraceInfo.NAME_TAG, root.name());
        return new TraceSnapshot(
                null,
                experiment,
                root.name(),
                root.startTimeNs() / MILLIS,
                (root.endTimeNs() - root.startTimeNs()) / MILLIS,
                status,
                metadata,
                tags,
                spans,
                new TreeMap<>(),
                new TreeSet<>());
    }

    /** {@code outputs} null: the span ended without any, as a failed one does. */
    private static SpanSnapshot span(
            String name,
            String parent,
            long startNs,
            long endNs,
            String statusCode,
            String statusMessage,
            String type,
            String inputs,
            String outputs) {
        SortedMap<String, String> attributes = new TreeMap<>(Map.of("mlflow.spanType", "\"" + type + "\""));
        attributes.put("mlflow.spanInputs", inputs);
        if (outputs != null) {
            attributes.put("mlflow.spanOutputs", outputs);
        }
        return new SpanSnapshot(name, parent, startNs, endNs, statusCode, statusMessage, attributes);
    }

    private static SpanSnapshot withAttribute(SpanSnapshot span, String key, String value) {
        SortedMap<String, String> attributes = new TreeMap<>(span.attributes());
        attributes.put(key, value);
        return new SpanSnapshot(
                span.name(),
                span.parent(),
                span.startTimeNs(),
                span.endTimeNs(),
                span.statusCode(),
                span.statusMessage(),
                attributes);
    }
}
