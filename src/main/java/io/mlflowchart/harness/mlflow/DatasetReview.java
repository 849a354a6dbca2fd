package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.ReviewSnapshot.IssueSnapshot;
import io.mlflowchart.harness.mlflow.ReviewSnapshot.ItemSnapshot;
import io.mlflowchart.harness.mlflow.ReviewSnapshot.LabelSchemaSnapshot;
import io.mlflowchart.harness.mlflow.ReviewSnapshot.QueueSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The review of an experiment's traces the dataset writes, as people do it in MLflow's UI: two issues (3.11 on), one
 * pending with all an issue holds, found by the run the traces were logged in and referenced by both traces, one
 * resolved after it was found; four label schemas (3.14 on), one of each input form; and (3.14 on) a shared queue
 * asking two of them, where one trace is reviewed and the other declined, and the reviewer's own queue, where the
 * failed trace waits. The server seeds a default question in every experiment whose schemas are listed: the dataset
 * writes none under its name.
 */
final class DatasetReview {

    private static final String SECOND_REVIEWER = "second-reviewer@example.com";
    /** An issue's status as found, and a queued trace's before anyone reviews it: the API spells them apart. */
    private static final String ISSUE_PENDING = "pending";

    private static final String ITEM_PENDING = "PENDING";
    private static final String CUSTOM = "CUSTOM";
    private static final String USER = "USER";

    /** When the references of traces to issues are stamped: 2023-11-15, after the traces; not compared. */
    private static final long REFERENCED_AT = 1_700_050_000_000L;

    private DatasetReview() {}

    /** The review of {@code experiment}'s traces, as far as {@code kinds} go. */
    static ReviewSnapshot of(DataKinds kinds, String experiment) {
        return new ReviewSnapshot(
                kinds.has(DataKind.ISSUES) ? issues(experiment) : null,
                kinds.has(DataKind.LABEL_SCHEMAS) ? labelSchemas(experiment) : null,
                kinds.has(DataKind.REVIEW_QUEUES) ? queues(experiment) : null);
    }

    /** Keyed {@code experiment/name}, as a snapshot keys them. */
    private static SortedMap<String, IssueSnapshot> issues(String experiment) {
        SortedMap<String, IssueSnapshot> issues = new TreeMap<>();
        List.of(
                        new IssueSnapshot(
                                null,
                                experiment,
                                "Quotes stale prices",
                                "Answers quote prices from last year's catalog — ünïcödé ✓",
                                ISSUE_PENDING,
                                "high",
                                List.of("retrieval returns the 2024 catalog", "no date in the prompt"),
                                experiment + "/" + DatasetTraces.TRACED_RUN,
                                List.of("correctness", "grounding"),
                                new TreeSet<>(List.of(
                                        experiment + "/" + DatasetTraces.ANSWERED,
                                        experiment + "/" + DatasetTraces.FAILED)),
                                DatasetAssessments.REVIEWER),
                        new IssueSnapshot(
                                null,
                                experiment,
                                "Answers in English to German questions",
                                "Seen twice in the first week; the prompt now names the language.",
                                "resolved",
                                "low",
                                null,
                                null,
                                null,
                                null,
                                SECOND_REVIEWER))
                .forEach(issue -> issues.put(issue.key(), issue));
        return issues;
    }

    /** One of each input form. */
    private static SortedMap<String, LabelSchemaSnapshot> labelSchemas(String experiment) {
        SortedMap<String, LabelSchemaSnapshot> schemas = new TreeMap<>();
        List.of(
                        new LabelSchemaSnapshot(
                                null,
                                experiment,
                                "helpful",
                                "FEEDBACK",
                                "Does the answer help the user? ✓",
                                true,
                                "{\"pass_fail\":{\"negative_label\":\"No\",\"positive_label\":\"Yes ✓\"}}"),
                        new LabelSchemaSnapshot(
                                null,
                                experiment,
                                "topics",
                                "FEEDBACK",
                                null,
                                false,
                                "{\"categorical\":{\"multi_select\":true,\"options\":[\"billing\",\"shipping\",\"returns\"]}}"),
                        new LabelSchemaSnapshot(
                                null,
                                experiment,
                                "confidence",
                                "EXPECTATION",
                                "How sure should the answer be, from 0.5 to 10.5?",
                                false,
                                "{\"numeric\":{\"max_value\":10.5,\"min_value\":0.5}}"),
                        new LabelSchemaSnapshot(
                                null,
                                experiment,
                                "ideal_answer",
                                "EXPECTATION",
                                "Write the answer you would have given.",
                                true,
                                "{\"text\":{\"max_length\":2000}}"))
                .forEach(schema -> schemas.put(schema.key(), schema));
        return schemas;
    }

    /** A shared queue and a reviewer's own, over the experiment's two traces. */
    private static SortedMap<String, QueueSnapshot> queues(String experiment) {
        SortedMap<String, QueueSnapshot> queues = new TreeMap<>();
        String answered = experiment + "/" + DatasetTraces.ANSWERED;
        String failed = experiment + "/" + DatasetTraces.FAILED;
        List.of(
                        new QueueSnapshot(
                                null,
                                experiment,
                                "Launch review ✓",
                                CUSTOM,
                                List.of(DatasetAssessments.REVIEWER, SECOND_REVIEWER),
                                List.of("helpful", "topics"),
                                new TreeMap<>(Map.of(
                                        answered,
                                        new ItemSnapshot("COMPLETE", DatasetAssessments.REVIEWER),
                                        failed,
                                        new ItemSnapshot("DECLINED", SECOND_REVIEWER))),
                                null),
                        new QueueSnapshot(
                                null,
                                experiment,
                                DatasetAssessments.REVIEWER,
                                USER,
                                List.of(DatasetAssessments.REVIEWER),
                                null,
                                new TreeMap<>(Map.of(failed, new ItemSnapshot(ITEM_PENDING, null))),
                                null))
                .forEach(queue -> queues.put(queue.key(), queue));
        return queues;
    }

    /**
     * Writes {@code review} into the experiments, runs and traces already written, found by their keys: issues, then
     * label schemas, then the queues that ask them. An issue that is no longer pending is created as it was found,
     * pending and without a severity, then moved on (UpdateIssue), as its reviewer does.
     */
    static void write(
            MlflowClient client,
            ReviewSnapshot review,
            Map<String, String> experimentIds,
            Map<String, Run> runs,
            Map<String, String> traceIds) {
        for (IssueSnapshot issue : review.issues().values()) {
            boolean found = ISSUE_PENDING.equals(issue.status());
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("experiment_id", experimentIds.get(issue.experiment()));
            request.put("name", issue.name());
            request.put("description", issue.description());
            request.put("root_causes", issue.rootCauses());
            request.put("categories", issue.categories());
            request.put("created_by", issue.createdBy());
            if (issue.sourceRun() != null) {
                request.put("source_run_id", runs.get(issue.sourceRun()).id());
            }
            if (found) {
                request.put("status", issue.status());
                request.put("severity", issue.severity());
            }
            Issue created = client.createIssue(request);
            for (String trace : issue.traces()) {
                client.createAssessment(
                        traceIds.get(trace),
                        Assessment.issueReference(
                                traceIds.get(trace),
                                created.issueId(),
                                issue.name(),
                                issue.createdBy(),
                                REFERENCED_AT));
            }
            if (!found) {
                client.updateIssue(created.issueId(), Map.of("status", issue.status(), "severity", issue.severity()));
            }
        }
        Map<String, String> schemaIds = new HashMap<>();
        for (LabelSchemaSnapshot schema : review.labelSchemas().values()) {
            Map<String, Object> request = new LinkedHashMap<>();
            request.put("experiment_id", experimentIds.get(schema.experiment()));
            request.put("name", schema.name());
            request.put("type", schema.type());
            request.put("instruction", schema.instruction());
            request.put("enable_comment", schema.enableComment());
            request.put("input", CanonicalJson.parse(schema.input()));
            schemaIds.put(schema.key(), client.createLabelSchema(request).schemaId());
        }
        for (QueueSnapshot queue : review.queues().values()) {
            String experimentId = experimentIds.get(queue.experiment());
            String queueId = USER.equals(queue.type())
                    ? client.userReviewQueue(experimentId, queue.name()).queueId()
                    : client.createReviewQueue(Map.of(
                                    "experiment_id",
                                    experimentId,
                                    "name",
                                    queue.name(),
                                    "queue_type",
                                    queue.type(),
                                    "users",
                                    queue.users(),
                                    "schema_ids",
                                    queue.schemas().stream()
                                            .map(name -> schemaIds.get(queue.experiment() + "/" + name))
                                            .toList()))
                            .queueId();
            client.addTracesToReviewQueue(
                    queueId, queue.items().keySet().stream().map(traceIds::get).toList());
            queue.items().forEach((trace, item) -> {
                if (!ITEM_PENDING.equals(item.status())) {
                    client.setReviewQueueItemStatus(queueId, traceIds.get(trace), item.status(), item.completedBy());
                }
            });
        }
    }
}
