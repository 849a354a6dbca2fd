package io.mlflowchart.harness.mlflow;

/**
 * An AI Gateway model definition as MLflow's gateway API (3.8 on) serves it: a provider's model and the secret
 * (by id, and its name) the gateway calls it with.
 */
public record GatewayModelDefinition(
        String modelDefinitionId,
        String name,
        String secretId,
        String secretName,
        String provider,
        String modelName,
        Long createdAt,
        Long lastUpdatedAt) {}
