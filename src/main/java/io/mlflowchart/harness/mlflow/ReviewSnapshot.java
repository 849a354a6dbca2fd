package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What people reviewing GenAI traces keep in a server: the issues found in an experiment's traces (MLflow 3.11 on),
 * the questions reviewers answer (label schemas) and the queues of traces they work through (both 3.14 on), each
 * keyed {@code experiment/name} (names are unique per experiment in MLflow's tables). An entity names another by its
 * key, a run by {@code experiment/run}, a trace by {@code experiment/name}; ids are the server's, recorded, not
 * compared. Empty on a release without them.
 */
public record ReviewSnapshot(
        SortedMap<String, IssueSnapshot> issues,
        SortedMap<String, LabelSchemaSnapshot> labelSchemas,
        SortedMap<String, QueueSnapshot> queues) {

    public ReviewSnapshot {
        issues = issues == null ? new TreeMap<>() : new TreeMap<>(issues);
        labelSchemas = labelSchemas == null ? new TreeMap<>() : new TreeMap<>(labelSchemas);
        queues = queues == null ? new TreeMap<>() : new TreeMap<>(queues);
    }

    public static ReviewSnapshot empty() {
        return new ReviewSnapshot(null, null, null);
    }

    /**
     * {@code sourceRun}: the run that found the issue, {@code experiment/run}; {@code traces}: the traces referencing
     * it, by key.
     */
    public record IssueSnapshot(
            String id,
            String experiment,
            String name,
            String description,
            String status,
            String severity,
            List<String> rootCauses,
            String sourceRun,
            List<String> categories,
            SortedSet<String> traces,
            String createdBy) {

        public IssueSnapshot {
            rootCauses = rootCauses == null ? List.of() : List.copyOf(rootCauses);
            traces = traces == null ? new TreeSet<>() : new TreeSet<>(traces);
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public String key() {
            return experiment + "/" + name;
        }
    }

    /** {@code input}: the answer's form and its settings, as canonical JSON. */
    public record LabelSchemaSnapshot(
            String id,
            String experiment,
            String name,
            String type,
            String instruction,
            Boolean enableComment,
            String input) {

        public String key() {
            return experiment + "/" + name;
        }
    }

    /**
     * {@code schemas}: the label schemas the queue asks, by name; {@code items}: its traces by key. Who created it is
     * the server's (the request's user), recorded in {@code createdBy}, not compared.
     */
    public record QueueSnapshot(
            String id,
            String experiment,
            String name,
            String type,
            List<String> users,
            List<String> schemas,
            SortedMap<String, ItemSnapshot> items,
            String createdBy) {

        public QueueSnapshot {
            users = users == null ? List.of() : users.stream().sorted().toList();
            schemas = schemas == null ? List.of() : schemas.stream().sorted().toList();
            items = items == null ? new TreeMap<>() : new TreeMap<>(items);
        }

        public String key() {
            return experiment + "/" + name;
        }
    }

    /**
     * A trace's place in a queue: PENDING, or COMPLETE or DECLINED by {@code completedBy}, recorded, not compared: a
     * server with basic auth takes the signed-in user for it, whatever the request says (handlers.py
     * _set_review_queue_item_status of 3.17.2), one without takes the request's.
     */
    public record ItemSnapshot(String status, String completedBy) {}

    /** Both snapshots' entities, as after a second write; a key in both fails. */
    public ReviewSnapshot plus(ReviewSnapshot more) {
        return new ReviewSnapshot(
                DataSnapshot.union("issue", issues, more.issues()),
                DataSnapshot.union("label schema", labelSchemas, more.labelSchemas()),
                DataSnapshot.union("review queue", queues, more.queues()));
    }
}
