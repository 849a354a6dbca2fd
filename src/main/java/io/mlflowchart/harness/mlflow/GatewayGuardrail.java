package io.mlflowchart.harness.mlflow;

/**
 * An AI Gateway guardrail as MLflow's gateway API (3.12 on) serves it: a version of a registered {@code scorer} run on
 * an endpoint's requests ({@code stage} BEFORE) or answers (AFTER), which then refuses what fails it ({@code action}
 * VALIDATION) or rewrites it (SANITIZATION, through {@code actionEndpointId}, served as the endpoint's name).
 * {@code createdBy} is the request's user, none without auth.
 */
public record GatewayGuardrail(
        String guardrailId,
        String name,
        Scorer scorer,
        String stage,
        String action,
        String actionEndpointId,
        String createdBy,
        Long createdAt,
        Long lastUpdatedAt) {

    /** A guardrail on an endpoint, run in {@code executionOrder} among the endpoint's (ListEndpointGuardrailConfigs). */
    public record Config(String endpointId, String guardrailId, Integer executionOrder, Long createdAt) {}
}
