package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The AI Gateway configuration a server holds (MLflow 3.8 on), each entity keyed by its name (unique in MLflow's
 * tables): the secrets, the model definitions that call a provider with one, the endpoints that route to those; and
 * the budget policies (3.11 on), which have no name, keyed by {@link BudgetSnapshot#key()}; the bindings of endpoints
 * to what uses them, keyed by {@link BindingSnapshot#key()}; the guardrails (3.12 on), by name.
 * Ids are the server's, recorded, not compared; an entity names another by that one's name, which survives a reload.
 * Empty on a release without a gateway.
 */
public record GatewaySnapshot(
        SortedMap<String, SecretSnapshot> secrets,
        SortedMap<String, ModelDefinitionSnapshot> modelDefinitions,
        SortedMap<String, EndpointSnapshot> endpoints,
        SortedMap<String, BudgetSnapshot> budgets,
        SortedMap<String, BindingSnapshot> bindings,
        SortedMap<String, GuardrailSnapshot> guardrails) {

    public GatewaySnapshot {
        secrets = secrets == null ? new TreeMap<>() : new TreeMap<>(secrets);
        modelDefinitions = modelDefinitions == null ? new TreeMap<>() : new TreeMap<>(modelDefinitions);
        endpoints = endpoints == null ? new TreeMap<>() : new TreeMap<>(endpoints);
        budgets = budgets == null ? new TreeMap<>() : new TreeMap<>(budgets);
        bindings = bindings == null ? new TreeMap<>() : new TreeMap<>(bindings);
        guardrails = guardrails == null ? new TreeMap<>() : new TreeMap<>(guardrails);
    }

    public static GatewaySnapshot empty() {
        return new GatewaySnapshot(null, null, null, null, null, null);
    }

    /**
     * A secret as served: never its value, only what the store masks of it ({@code maskedValues}: the first three and
     * the last four characters of each value); {@code authConfig} empty for none.
     */
    public record SecretSnapshot(
            String id,
            String name,
            String provider,
            SortedMap<String, String> maskedValues,
            SortedMap<String, String> authConfig) {}

    /** {@code secret}: the name of the secret it calls the provider with. */
    public record ModelDefinitionSnapshot(String id, String name, String secret, String provider, String modelName) {}

    /** What calling an endpoint shows of its models' provider keys when the server could decrypt them. */
    public static final String KEYS_DECRYPT = "decrypt";

    /**
     * An endpoint: {@code models} in the order of their model definitions' names, {@code usageTracking} false where
     * the release has none (before 3.10, whose migration adds it as false); {@code providerKeys} {@link #KEYS_DECRYPT},
     * else the server's answer when it could not decrypt them (the passphrase they were written under is not the
     * server's), null where the release cannot be asked (3.8.x serves no invocations).
     */
    public record EndpointSnapshot(
            String id,
            String name,
            List<ModelLink> models,
            SortedMap<String, String> tags,
            String routingStrategy,
            boolean usageTracking,
            String providerKeys) {}

    /**
     * A model definition an endpoint routes to, by name: {@code linkageType} PRIMARY where the release has no linkage
     * (3.8.x links every model as a primary one; 3.9.0's migration gives the old links PRIMARY).
     */
    public record ModelLink(String modelDefinition, String linkageType, double weight, Integer fallbackOrder) {}

    /**
     * A budget policy: at most {@code amount} {@code unit} per window of {@code durationValue} {@code durationUnit},
     * for {@code scope}, then {@code action}. Identity is who created it and what it limits and does ({@link #key()}):
     * a policy has no name, and its id is the server's.
     */
    public record BudgetSnapshot(
            String id,
            String scope,
            String action,
            String durationUnit,
            int durationValue,
            String unit,
            double amount,
            String createdBy) {

        /** {@code harness: GLOBAL ALERT per 1 DAYS}. */
        public String key() {
            return createdBy + ": " + scope + " " + action + " per " + durationValue + " " + durationUnit;
        }
    }

    /** A scorer's binding: the resource named by its key ({@code experiment/scorer}), as the snapshot's scorers are. */
    public static final String SCORER = "scorer";

    /**
     * An endpoint bound to a resource: {@code resource} the {@code resourceType}'s id as written, but for a
     * {@link #SCORER}, whose id is the server's: that one is named by the scorer's key. {@code displayName} null where
     * the release has none (3.8.x; the 3.9.0 migration adds the column empty).
     */
    public record BindingSnapshot(
            String endpoint, String resourceType, String resource, String displayName, String createdBy) {

        /** {@code chat -> scorer exp-1/polite_via_gateway}. */
        public String key() {
            return endpoint + " -> " + resourceType + " " + resource;
        }
    }

    /**
     * A guardrail: the version of a scorer it runs ({@code scorer}, the scorer version's key), when and what it does,
     * and the endpoints it is on, each with its place among that endpoint's guardrails. Who created it is the server's
     * (the request's user), recorded in {@code createdBy}, not compared.
     */
    public record GuardrailSnapshot(
            String id,
            String name,
            String scorer,
            String stage,
            String action,
            SortedMap<String, Integer> endpoints,
            String createdBy) {

        public GuardrailSnapshot {
            endpoints = endpoints == null ? new TreeMap<>() : new TreeMap<>(endpoints);
        }
    }

    /** Both snapshots' entities, as after a second write; a name in both fails. */
    public GatewaySnapshot plus(GatewaySnapshot more) {
        return new GatewaySnapshot(
                DataSnapshot.union("gateway secret", secrets, more.secrets()),
                DataSnapshot.union("gateway model definition", modelDefinitions, more.modelDefinitions()),
                DataSnapshot.union("gateway endpoint", endpoints, more.endpoints()),
                DataSnapshot.union("gateway budget policy", budgets, more.budgets()),
                DataSnapshot.union("gateway binding", bindings, more.bindings()),
                DataSnapshot.union("gateway guardrail", guardrails, more.guardrails()));
    }
}
