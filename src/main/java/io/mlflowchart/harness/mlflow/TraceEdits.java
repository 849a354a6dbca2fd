package io.mlflowchart.harness.mlflow;

import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a client does to a trace after recording it, which the trace's snapshot shows only as the outcome: the tags it
 * sets (SetTraceTag) and deletes (DeleteTraceTag; each with the value the trace was recorded with), and the run it links
 * the trace to (LinkTracesToRun, MLflow 3.3 on) as {@code experiment/run}, or null for none.
 */
public record TraceEdits(SortedMap<String, String> tagsSet, SortedMap<String, String> tagsDeleted, String linkedRun) {

    /** A trace left as it was recorded. */
    static final TraceEdits NONE = new TraceEdits(new TreeMap<>(), new TreeMap<>(), null);

    public TraceEdits {
        tagsSet = new TreeMap<>(tagsSet);
        tagsDeleted = new TreeMap<>(tagsDeleted);
        if (tagsSet.keySet().stream().anyMatch(tagsDeleted::containsKey)) {
            throw new IllegalArgumentException("a tag is both set and deleted: " + tagsSet + ", " + tagsDeleted);
        }
    }

    /** {@code recorded} as these edits leave it. */
    public TraceSnapshot applyTo(TraceSnapshot recorded) {
        SortedMap<String, String> tags = new TreeMap<>(recorded.tags());
        tags.keySet().removeAll(tagsDeleted.keySet());
        tags.putAll(tagsSet);
        SortedSet<String> runs = new TreeSet<>(recorded.runs());
        if (linkedRun != null) {
            runs.add(linkedRun);
        }
        return recorded.with(tags, recorded.assessments()).with(recorded.metadata(), runs);
    }

    /** The tags {@code edited} was recorded with, before these edits: what its client sends when it records it. */
    public SortedMap<String, String> tagsBefore(TraceSnapshot edited) {
        SortedMap<String, String> tags = new TreeMap<>(edited.tags());
        tags.keySet().removeAll(tagsSet.keySet());
        tags.putAll(tagsDeleted);
        return tags;
    }
}
