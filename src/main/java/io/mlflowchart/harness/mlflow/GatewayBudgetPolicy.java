package io.mlflowchart.harness.mlflow;

/**
 * An AI Gateway budget policy as MLflow's gateway API (3.11 on) serves it: a spending limit in {@code budgetUnit}
 * (USD) per fixed window of {@code duration}, for the whole server ({@code targetScope} GLOBAL) or narrower, and what
 * the gateway does once it is spent ({@code budgetAction}: ALERT or REJECT). It has no name: the id is the server's.
 */
public record GatewayBudgetPolicy(
        String budgetPolicyId,
        String budgetUnit,
        double budgetAmount,
        Duration duration,
        String targetScope,
        String budgetAction,
        String createdBy,
        Long createdAt,
        Long lastUpdatedAt) {

    /** {@code unit}: MINUTES, HOURS, DAYS, WEEKS or MONTHS. */
    public record Duration(String unit, int value) {}
}
