package io.mlflowchart.harness.mlflow;

import java.util.List;

/**
 * A queue of traces for people to review, as MLflow's review queues API (REST API 3.0, 3.14 on) serves it:
 * {@code queueType} CUSTOM (named, shared by its {@code users}, asking the label schemas {@code schemaIds}) or USER
 * (one person's, named after them); review_queues.proto, unchanged from 3.14.0 to 3.17.2. The id ({@code rq-...})
 * and times are the server's, and so is {@code createdBy}: the request's user for a custom queue, the queue's user for
 * a user queue (handlers.py of 3.17.2).
 */
public record ReviewQueue(
        String queueId,
        String experimentId,
        String name,
        String queueType,
        String createdBy,
        List<String> users,
        List<String> schemaIds) {

    public ReviewQueue {
        users = users == null ? List.of() : List.copyOf(users);
        schemaIds = schemaIds == null ? List.of() : List.copyOf(schemaIds);
    }

    /** A trace in a queue ({@code itemType} TRACE), {@code status} PENDING, COMPLETE or DECLINED. */
    public record Item(String queueId, String itemType, String itemId, String status, String completedBy) {}
}
