package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.images.ReleaseNumber;
import io.mlflowchart.harness.json.Mappers;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class DatasetGatewayTest {

    private static final GatewaySnapshot GATEWAY = DatasetGateway.of("");
    private static final Map<String, SortedMap<String, String>> VALUES = DatasetGateway.secretValues("");
    private static final Map<String, String> MODEL_IDS = Map.of("gpt-mini", "d-1");

    /**
     * As 3.8.0's RestGatewayStoreMixin.create_gateway_secret sends it: the auth config as one JSON text
     * (json.dumps), which the handler json.loads.
     */
    @Test
    void a38SecretCarriesItsAuthConfigAsAJsonText() throws Exception {
        Map<String, Object> request = DatasetGateway.secretRequest(
                ReleaseNumber.of("3.8.0"), GATEWAY.secrets().get("openai-key"), VALUES.get("openai-key"));

        assertThat(request).containsOnlyKeys("secret_name", "secret_value", "provider", "auth_config_json");
        assertThat(Mappers.MLFLOW.readTree((String) request.get("auth_config_json")))
                .isEqualTo(Mappers.MLFLOW.readTree("{\"organization\": \"org-mlflow-chart\"}"));
        assertThat(request.get("secret_value")).isEqualTo(Map.of("api_key", "sk-mlflow-chart-0123456789abcdef"));
    }

    /** From 3.9.0 CreateGatewaySecret's auth_config is a map<string, string>; an empty one is not sent. */
    @Test
    void from39ASecretCarriesItsAuthConfigAsAMap() {
        assertThat(DatasetGateway.secretRequest(
                        ReleaseNumber.of("3.9.0"), GATEWAY.secrets().get("openai-key"), VALUES.get("openai-key")))
                .containsEntry("auth_config", Map.of("organization", "org-mlflow-chart"))
                .doesNotContainKey("auth_config_json");
        assertThat(DatasetGateway.secretRequest(
                        ReleaseNumber.of("3.17.2"),
                        GATEWAY.secrets().get("anthropic-key"),
                        VALUES.get("anthropic-key")))
                .containsOnlyKeys("secret_name", "secret_value", "provider");
    }

    @Test
    void a38EndpointNamesItsModelDefinitionsById() {
        assertThat(DatasetGateway.endpointRequest(
                        ReleaseNumber.of("3.8.1"), GATEWAY.endpoints().get("chat"), MODEL_IDS))
                .isEqualTo(Map.of("name", "chat", "model_definition_ids", List.of("d-1")));
    }

    /**
     * From 3.9.0 each model comes with its linkage (GatewayEndpointModelConfig), and usage tracking is turned off:
     * 3.10 on would otherwise track usage in an experiment of its own.
     */
    @Test
    void from39AnEndpointLinksItsModelsAsPrimaryAndTracksNoUsage() throws Exception {
        JsonNode request = Mappers.MLFLOW.valueToTree(DatasetGateway.endpointRequest(
                ReleaseNumber.of("3.10.1"), GATEWAY.endpoints().get("chat"), MODEL_IDS));

        assertThat(request)
                .isEqualTo(Mappers.MLFLOW.readTree(
                        "{\"name\": \"chat\", \"model_configs\": [{\"model_definition_id\": \"d-1\","
                                + " \"linkage_type\": \"PRIMARY\", \"weight\": 1.0}], \"usage_tracking\":"
                                + " false}"));
    }

    /** 3.8.x serves the auth config as a JSON text, later releases as a map: both read as the same map. */
    @Test
    void aServedSecretsAuthConfigReadsTheSameInEitherForm() {
        GatewaySecret text =
                new GatewaySecret("s-1", "k", Map.of(), "openai", null, "{\"organization\": \"org-1\"}", null, null);
        GatewaySecret map =
                new GatewaySecret("s-1", "k", Map.of(), "openai", Map.of("organization", "org-1"), null, null, null);
        GatewaySecret none = new GatewaySecret("s-1", "k", Map.of(), "openai", Map.of(), null, null, null);

        assertThat(text.authConfigMap()).isEqualTo(map.authConfigMap()).containsOnlyKeys("organization");
        assertThat(none.authConfigMap()).isEmpty();
    }
    /** As RestGatewayStoreMixin.create_budget_policy of 3.11.1 sends it: enums by name, the window as a message. */
    @Test
    void aBudgetPolicyIsSentWithItsWindowAsAMessageAndServedBack() throws Exception {
        GatewaySnapshot.BudgetSnapshot cap =
                DatasetGateway.budgets("").get("mlflow-chart-harness: GLOBAL REJECT per 1 MONTHS");

        assertThat((JsonNode) Mappers.MLFLOW.valueToTree(DatasetGateway.budgetRequest(cap)))
                .isEqualTo(Mappers.MLFLOW.readTree("{\"budget_unit\": \"USD\", \"budget_amount\": 2500.5,"
                        + " \"duration\": {\"unit\": \"MONTHS\", \"value\": 1}, \"target_scope\": \"GLOBAL\","
                        + " \"budget_action\": \"REJECT\", \"created_by\": \"mlflow-chart-harness\"}"));
        GatewayBudgetPolicy served = Mappers.MLFLOW.readValue(
                "{\"budget_policy_id\": \"bp-1\", \"budget_unit\": \"USD\", \"budget_amount\": 2500.5,"
                        + " \"duration\": {\"unit\": \"MONTHS\", \"value\": 1}, \"target_scope\": \"GLOBAL\","
                        + " \"budget_action\": \"REJECT\", \"created_by\": \"mlflow-chart-harness\","
                        + " \"created_at\": 1764800000000, \"last_updated_at\": 1764800000000}",
                GatewayBudgetPolicy.class);
        assertThat(served.duration()).isEqualTo(new GatewayBudgetPolicy.Duration("MONTHS", 1));
        assertThat(served.budgetAmount()).isEqualTo(cap.amount());
    }
}
