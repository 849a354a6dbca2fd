package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.mlflowchart.harness.json.Mappers;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An AI Gateway secret's info as MLflow's gateway API (3.8 on) serves it: never its value, which the server keeps
 * encrypted, only {@code maskedValues} it derives from it. The auth config is a JSON text ({@code authConfigJson})
 * on 3.8.x and a map from 3.9.0 on.
 */
public record GatewaySecret(
        String secretId,
        String secretName,
        Map<String, String> maskedValues,
        String provider,
        Map<String, String> authConfig,
        String authConfigJson,
        Long createdAt,
        Long lastUpdatedAt) {

    private static final TypeReference<TreeMap<String, String>> TEXT_MAP = new TypeReference<>() {};

    /** The auth config in either release's form; empty for none. */
    public SortedMap<String, String> authConfigMap() {
        if (authConfig != null && !authConfig.isEmpty()) {
            return new TreeMap<>(authConfig);
        }
        if (authConfigJson == null || authConfigJson.isBlank()) {
            return new TreeMap<>();
        }
        try {
            return Mappers.MLFLOW.readValue(authConfigJson, TEXT_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "MLflow served an auth config that is no map of texts: " + authConfigJson, e);
        }
    }
}
