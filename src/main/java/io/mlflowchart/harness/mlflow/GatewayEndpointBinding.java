package io.mlflowchart.harness.mlflow;

/**
 * A binding of an AI Gateway endpoint to an MLflow resource that uses it, as MLflow's gateway API (3.8 on) serves it:
 * identified by the endpoint, the {@code resourceType} ({@code scorer_job} on 3.8.x, the only type it has;
 * {@code scorer} from 3.9.0) and the {@code resourceId}. {@code displayName} (the scorer's name) from 3.9.0.
 */
public record GatewayEndpointBinding(
        String endpointId,
        String resourceType,
        String resourceId,
        String displayName,
        String createdBy,
        String lastUpdatedBy,
        Long createdAt,
        Long lastUpdatedAt) {}
