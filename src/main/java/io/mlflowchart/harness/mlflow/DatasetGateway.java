package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.images.ReleaseNumber;
import io.mlflowchart.harness.mlflow.DataSnapshot.ScorerSnapshot;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.BindingSnapshot;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.BudgetSnapshot;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.EndpointSnapshot;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.GuardrailSnapshot;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.ModelDefinitionSnapshot;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.ModelLink;
import io.mlflowchart.harness.mlflow.GatewaySnapshot.SecretSnapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The AI Gateway configuration the dataset writes (MLflow 3.8 on): an OpenAI key with an auth config, which a model
 * definition calls gpt-4o-mini with, which a tagged endpoint routes all its requests to; and an Anthropic key nothing
 * uses yet. The keys are API keys in form only: the snapshot calls the endpoint with an empty payload, which the
 * server refuses after it decrypted the keys, so no provider is ever called. The server keeps a value
 * encrypted and serves only its mask (crypto.py {@code _mask_string_value}, 3.8.0 to 3.17.2: the first three and the
 * last four characters), so {@link Dataset#gatewaySecretValues()} holds the values as sent and the snapshot the masks.
 * The key MLflow encrypts them with is derived from MLFLOW_CRYPTO_KEK_PASSPHRASE (the chart's gateway.existingSecret)
 * or, unset, from a passphrase built into MLflow: every process and release reads what another wrote under the same
 * one (MlflowClientIT pins it). From 3.11 two budget policies beside them ({@link #budgets}). On 3.8.x the endpoint is
 * bound to a scorer job through the bindings API ({@link #scorerJobBindings}); from 3.9 the server binds it to the
 * scorer judged through it ({@link #scorerBinding}). From 3.12 two guardrails on the endpoint ({@link #guardrails}).
 */
final class DatasetGateway {

    /**
     * From 3.9.0 a secret's auth config is a map and an endpoint takes {@code model_configs} (a linkage type and a
     * weight per model definition); 3.8.x take {@code auth_config_json} (a JSON text) and {@code model_definition_ids},
     * as each release's RestGatewayStoreMixin sends them.
     */
    static final ReleaseNumber MODEL_CONFIGS = ReleaseNumber.of("3.9");

    /** A model an endpoint routes to as a primary one: the only linkage 3.8.x has. */
    static final String PRIMARY = "PRIMARY";

    /** The first release that serves calls to an endpoint ({@code /gateway/<endpoint>/mlflow/invocations}). */
    static final ReleaseNumber INVOCATIONS = ReleaseNumber.of("3.9");

    /** The one resource type 3.8.x bind an endpoint to (GatewayResourceType); 3.9.0 renamed it {@code scorer}. */
    static final String SCORER_JOB = "scorer_job";

    private DatasetGateway() {}

    /**
     * What the dataset writes from 3.8, its names starting with {@code namePrefix}; the values are in
     * {@link #secretValues}.
     */
    static GatewaySnapshot of(String namePrefix) {
        String openai = namePrefix + "openai-key";
        String anthropic = namePrefix + "anthropic-key";
        String model = namePrefix + "gpt-mini";
        String endpoint = endpoint(namePrefix);
        return new GatewaySnapshot(
                new TreeMap<>(Map.of(
                        openai,
                        new SecretSnapshot(
                                null,
                                openai,
                                "openai",
                                new TreeMap<>(Map.of("api_key", "sk-...cdef")),
                                new TreeMap<>(Map.of("organization", "org-mlflow-chart"))),
                        anthropic,
                        new SecretSnapshot(
                                null,
                                anthropic,
                                "anthropic",
                                new TreeMap<>(Map.of("api_key", "sk-...6789")),
                                new TreeMap<>()))),
                new TreeMap<>(Map.of(model, new ModelDefinitionSnapshot(null, model, openai, "openai", "gpt-4o-mini"))),
                new TreeMap<>(Map.of(
                        endpoint,
                        new EndpointSnapshot(
                                null,
                                endpoint,
                                List.of(new ModelLink(model, PRIMARY, 1.0, null)),
                                new TreeMap<>(Map.of("team", "nlp", "purpose", "answers questions — ünïcödé ✓")),
                                null,
                                false,
                                GatewaySnapshot.KEYS_DECRYPT))),
                null,
                null,
                null);
    }

    /**
     * The guardrails the dataset puts on its endpoint (MLflow 3.12 on), run by scorers of {@code experiment}: answers
     * are checked to be in English and cite a source, then requests to be on topic, each refused when it fails.
     */
    static SortedMap<String, GuardrailSnapshot> guardrails(String namePrefix, String experiment) {
        SortedMap<String, GuardrailSnapshot> guardrails = new TreeMap<>();
        for (GuardrailSnapshot guardrail : List.of(
                new GuardrailSnapshot(
                        null,
                        namePrefix + "answers-in-english",
                        DatasetScorers.english(experiment, 2).key(),
                        "AFTER",
                        "VALIDATION",
                        new TreeMap<>(Map.of(endpoint(namePrefix), 1)),
                        null),
                new GuardrailSnapshot(
                        null,
                        namePrefix + "questions-on-topic",
                        DatasetScorers.relevance(experiment).key(),
                        "BEFORE",
                        "VALIDATION",
                        new TreeMap<>(Map.of(endpoint(namePrefix), 2)),
                        null))) {
            guardrails.put(guardrail.name(), guardrail);
        }
        return guardrails;
    }

    /** The name of {@link #of}'s endpoint. */
    static String endpoint(String namePrefix) {
        return namePrefix + "chat";
    }

    /**
     * What 3.8.x's bindings API takes, as its client sends it (RestGatewayStoreMixin.create_endpoint_binding): the
     * endpoint bound to a scorer job, the one resource type 3.8.x have, by an id of the caller's; nothing checks it.
     */
    static SortedMap<String, BindingSnapshot> scorerJobBindings(String namePrefix) {
        BindingSnapshot binding = new BindingSnapshot(
                endpoint(namePrefix),
                SCORER_JOB,
                namePrefix + "nightly-relevance",
                null,
                namePrefix + "mlflow-chart-harness");
        return new TreeMap<>(Map.of(binding.key(), binding));
    }

    /**
     * The binding the server makes (3.9 on) when a scorer judged through {@link #of}'s endpoint is registered: to the
     * scorer's id, shown by its name, by no one.
     */
    static SortedMap<String, BindingSnapshot> scorerBinding(String namePrefix, ScorerSnapshot scorer) {
        BindingSnapshot binding =
                new BindingSnapshot(endpoint(namePrefix), GatewaySnapshot.SCORER, scorer.scorer(), scorer.name(), null);
        return new TreeMap<>(Map.of(binding.key(), binding));
    }

    /**
     * The budget policies the dataset writes (MLflow 3.11 on), created by {@code namePrefix} and the harness: a daily
     * alert and a monthly cap for the whole server. No policy acts: the dataset sends nothing through the gateway.
     */
    static SortedMap<String, BudgetSnapshot> budgets(String namePrefix) {
        String createdBy = namePrefix + "mlflow-chart-harness";
        SortedMap<String, BudgetSnapshot> budgets = new TreeMap<>();
        for (BudgetSnapshot budget : List.of(
                new BudgetSnapshot(null, "GLOBAL", "ALERT", "DAYS", 1, "USD", 100.0, createdBy),
                new BudgetSnapshot(null, "GLOBAL", "REJECT", "MONTHS", 1, "USD", 2500.5, createdBy))) {
            budgets.put(budget.key(), budget);
        }
        return budgets;
    }

    /** The values of {@link #of}'s secrets as sent, by secret name: the server never serves them back. */
    static Map<String, SortedMap<String, String>> secretValues(String namePrefix) {
        return Map.of(
                namePrefix + "openai-key",
                new TreeMap<>(Map.of("api_key", "sk-mlflow-chart-0123456789abcdef")),
                namePrefix + "anthropic-key",
                new TreeMap<>(Map.of("api_key", "sk-ant-mlflow-chart-abcdef0123456789")));
    }

    /**
     * Writes {@code gateway}: secrets first, then the model definitions using them, then the endpoints, then the budget
     * policies and the bindings the server does not make itself.
     */
    static void write(MlflowClient client, GatewaySnapshot gateway, Map<String, SortedMap<String, String>> values) {
        if (gateway.equals(GatewaySnapshot.empty())) {
            return;
        }
        ReleaseNumber release = ReleaseNumber.of(client.version());
        Map<String, String> secretIds = new HashMap<>();
        for (SecretSnapshot secret : gateway.secrets().values()) {
            secretIds.put(
                    secret.name(),
                    client.createGatewaySecret(secretRequest(release, secret, values.get(secret.name())))
                            .secretId());
        }
        Map<String, String> modelIds = new HashMap<>();
        for (ModelDefinitionSnapshot model : gateway.modelDefinitions().values()) {
            modelIds.put(
                    model.name(),
                    client.createGatewayModelDefinition(Map.of(
                                    "name", model.name(),
                                    "secret_id", secretIds.get(model.secret()),
                                    "provider", model.provider(),
                                    "model_name", model.modelName()))
                            .modelDefinitionId());
        }
        Map<String, String> endpointIds = new HashMap<>();
        for (EndpointSnapshot endpoint : gateway.endpoints().values()) {
            String id = client.createGatewayEndpoint(endpointRequest(release, endpoint, modelIds))
                    .endpointId();
            endpointIds.put(endpoint.name(), id);
            endpoint.tags().forEach((key, value) -> client.setGatewayEndpointTag(id, key, value));
        }
        gateway.budgets().values().forEach(budget -> client.createGatewayBudgetPolicy(budgetRequest(budget)));
        // A scorer's binding the server makes when the scorer is registered, after this.
        gateway.bindings().values().stream()
                .filter(binding -> SCORER_JOB.equals(binding.resourceType()))
                .forEach(binding -> client.createGatewayEndpointBinding(Map.of(
                        "endpoint_id", endpointIds.get(binding.endpoint()),
                        "resource_type", binding.resourceType(),
                        "resource_id", binding.resource(),
                        "created_by", binding.createdBy())));
    }

    /**
     * Creates {@code gateway}'s guardrails and puts them on their endpoints, once their scorers are registered: a
     * guardrail names a scorer by the id the server gave it, an endpoint by its id. {@code scorers}: the dataset's, by
     * key, as guardrails name them.
     */
    static void writeGuardrails(
            MlflowClient client,
            GatewaySnapshot gateway,
            Map<String, ScorerSnapshot> scorers,
            Map<String, String> experimentIds) {
        if (gateway.guardrails().isEmpty()) {
            return;
        }
        Map<String, String> endpointIds = new HashMap<>();
        client.gatewayEndpoints().forEach(endpoint -> endpointIds.put(endpoint.name(), endpoint.endpointId()));
        for (GuardrailSnapshot guardrail : gateway.guardrails().values()) {
            ScorerSnapshot written = scorers.get(guardrail.scorer());
            Scorer scorer = client.scorerVersions(experimentIds.get(written.experiment()), written.name()).stream()
                    .filter(registered -> registered.scorerVersion() == written.version())
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("scorer '" + written.key() + "' is not registered"));
            String id = client.createGatewayGuardrail(Map.of(
                            "name", guardrail.name(),
                            "scorer_id", scorer.scorerId(),
                            "scorer_version", scorer.scorerVersion(),
                            "stage", guardrail.stage(),
                            "action", guardrail.action()))
                    .guardrailId();
            guardrail
                    .endpoints()
                    .forEach((endpoint, order) -> client.addGuardrailToEndpoint(endpointIds.get(endpoint), id, order));
        }
    }

    /** CreateGatewayBudgetPolicy's body, the same on every release from 3.11. */
    static Map<String, Object> budgetRequest(BudgetSnapshot budget) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("budget_unit", budget.unit());
        json.put("budget_amount", budget.amount());
        json.put("duration", Map.of("unit", budget.durationUnit(), "value", budget.durationValue()));
        json.put("target_scope", budget.scope());
        json.put("budget_action", budget.action());
        json.put("created_by", budget.createdBy());
        return json;
    }

    /** CreateGatewaySecret's body as {@code release}'s client writes it; nothing for an empty auth config. */
    static Map<String, Object> secretRequest(
            ReleaseNumber release, SecretSnapshot secret, SortedMap<String, String> value) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("secret_name", secret.name());
        json.put("secret_value", value);
        json.put("provider", secret.provider());
        if (!secret.authConfig().isEmpty()) {
            json.put(
                    modelConfigs(release) ? "auth_config" : "auth_config_json",
                    modelConfigs(release) ? secret.authConfig() : CanonicalJson.of(secret.authConfig()));
        }
        return json;
    }

    /**
     * CreateGatewayEndpoint's body as {@code release}'s client writes it, the models by id. From 3.10 the server turns
     * usage tracking on, creating an experiment, unless told otherwise (handlers.py of 3.10.1 and 3.17.2); the
     * dataset's endpoint has it off, as an older release's endpoint is after the upgrade (migration d0e1f2a3b4c5), and
     * 3.9 ignores the field, as MLflow ignores any unknown field.
     */
    static Map<String, Object> endpointRequest(
            ReleaseNumber release, EndpointSnapshot endpoint, Map<String, String> modelIds) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", endpoint.name());
        if (modelConfigs(release)) {
            json.put(
                    "model_configs",
                    endpoint.models().stream()
                            .map(link -> Map.of(
                                    "model_definition_id", modelIds.get(link.modelDefinition()),
                                    "linkage_type", link.linkageType(),
                                    "weight", link.weight()))
                            .toList());
            json.put("usage_tracking", endpoint.usageTracking());
        } else {
            json.put(
                    "model_definition_ids",
                    endpoint.models().stream()
                            .map(link -> modelIds.get(link.modelDefinition()))
                            .toList());
        }
        return json;
    }

    private static boolean modelConfigs(ReleaseNumber release) {
        return release.within(MODEL_CONFIGS, null);
    }
}
