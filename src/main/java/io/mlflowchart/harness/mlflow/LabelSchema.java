package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A question reviewers answer about a trace, as MLflow's label schemas API (REST API 3.0, 3.14 on) serves it:
 * {@code type} FEEDBACK or EXPECTATION, {@code input} one of pass_fail, categorical, numeric or text with its settings
 * (label_schemas.proto, unchanged from 3.14.0 to 3.17.2). The id ({@code ls-...}) is the server's;
 * {@code isDefault} marks the question the server seeds in every experiment it lists the schemas of.
 */
public record LabelSchema(
        String schemaId,
        String experimentId,
        String name,
        String type,
        String instruction,
        Boolean enableComment,
        JsonNode input,
        Boolean isDefault) {}
