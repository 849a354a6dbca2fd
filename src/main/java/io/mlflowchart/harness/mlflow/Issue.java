package io.mlflowchart.harness.mlflow;

import java.util.List;

/**
 * An issue found in an experiment's traces as MLflow's issues API (REST API 3.0, 3.11 on; issues.proto unchanged from
 * 3.11.1 to 3.17.2) serves it: {@code status} pending, rejected or resolved, {@code severity} not_an_issue, low,
 * medium or high (entities/issue.py), the run that found it by id. The id ({@code iss-...}) and the timestamps are
 * the server's.
 */
public record Issue(
        String issueId,
        String experimentId,
        String name,
        String description,
        String status,
        String severity,
        List<String> rootCauses,
        String sourceRunId,
        List<String> categories,
        String createdBy,
        Long createdTimestamp) {

    public Issue {
        rootCauses = rootCauses == null ? List.of() : List.copyOf(rootCauses);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }
}
