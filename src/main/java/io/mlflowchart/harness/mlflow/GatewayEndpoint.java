package io.mlflowchart.harness.mlflow;

import java.util.List;

/**
 * An AI Gateway endpoint as MLflow's gateway API (3.8 on) serves it, with the model definitions it routes to.
 * {@code routingStrategy} is served from 3.9.0, {@code usageTracking} and {@code experimentId} from 3.10.
 */
public record GatewayEndpoint(
        String endpointId,
        String name,
        List<ModelMapping> modelMappings,
        List<Tag> tags,
        String routingStrategy,
        Boolean usageTracking,
        String experimentId,
        Long createdAt,
        Long lastUpdatedAt) {

    /**
     * A model definition the endpoint routes to: {@code linkageType} (PRIMARY or FALLBACK) and {@code fallbackOrder}
     * from 3.9.0 on; 3.8.x links every model as a primary one.
     */
    public record ModelMapping(
            String mappingId,
            String modelDefinitionId,
            GatewayModelDefinition modelDefinition,
            Double weight,
            String linkageType,
            Integer fallbackOrder,
            Long createdAt) {}
}
