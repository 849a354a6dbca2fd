package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.ScorerSnapshot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scorers the dataset registers to an experiment: a Guidelines scorer in two versions (a guideline added) and a
 * RelevanceToQuery one, serialized as the 3.4.0 client does (json.dumps of {@code Scorer.model_dump}, taken from that
 * client for these scorers). Builtin scorers only: a decorator scorer carries its code, which 3.17.2 refuses to
 * register; nothing runs a scorer when it is registered or read. From 3.8 a third one is judged through the dataset's
 * AI Gateway endpoint ({@link #judgedThrough}).
 */
final class DatasetScorers {

    private static final String GUIDELINES_INSTRUCTIONS = "Given the following set of guidelines and some inputs,"
            + " please assess whether the inputs fully comply with all the provided guidelines. Only focus on the"
            + " provided guidelines and not the correctness, relevance, or effectiveness of the inputs.\n\n"
            + "<guidelines>\n{{guidelines}}\n</guidelines>\n{{guidelines_context}}";

    private static final String RELEVANCE_INSTRUCTIONS = "Consider the following question and answer. You must"
            + " determine whether the answer provides information that is (fully or partially) relevant to the"
            + " question. Do not focus on the correctness or completeness of the answer. Do not make assumptions,"
            + " approximations, or bring in external knowledge.\n\n<question>{{input}}</question>\n"
            + "<answer>{{output}}</answer>";

    /** The name of {@link #judgedThrough}'s scorer. */
    static final String GATEWAY_JUDGED = "polite_via_gateway";

    private DatasetScorers() {}

    /** The scorers' versions of {@code experiment}, in the order they are registered. */
    static List<ScorerSnapshot> of(String experiment) {
        return List.of(english(experiment, 1), english(experiment, 2), relevance(experiment));
    }

    /** Version 1 of the Guidelines scorer wants answers in English; version 2 adds that they cite a source. */
    static ScorerSnapshot english(String experiment, int version) {
        String name = "english";
        List<String> guidelines = version == 1
                ? List.of("The answer is in English.")
                : List.of("The answer is in English.", "The answer cites a source.");
        return version(experiment, name, version, builtin(name, "Guidelines", guidelines(name, guidelines)));
    }

    /** The RelevanceToQuery scorer, in one version. */
    static ScorerSnapshot relevance(String experiment) {
        String name = "relevance_to_query";
        return version(experiment, name, 1, builtin(name, "RelevanceToQuery", judge(name, RELEVANCE_INSTRUCTIONS)));
    }

    /**
     * A Guidelines scorer of {@code experiment} whose judge is the server's own gateway endpoint, named as clients name
     * it ({@code gateway:/<endpoint>}). 3.8.x keep the text as given; from 3.9.0 the store keeps the endpoint's id in
     * its place, binds the endpoint to the scorer, and serves the name again (sqlalchemy_store.py register_scorer and
     * _batch_resolve_endpoint_in_serialized_scorers, 3.9.0 to 3.18.0), so the text reads back as written.
     */
    static ScorerSnapshot judgedThrough(String experiment, String endpoint) {
        Map<String, Object> data = guidelines(GATEWAY_JUDGED, List.of("The answer is polite."));
        data.put("model", "gateway:/" + endpoint);
        return version(experiment, GATEWAY_JUDGED, 1, builtin(GATEWAY_JUDGED, "Guidelines", data));
    }

    private static ScorerSnapshot version(String experiment, String name, int version, Map<String, Object> serialized) {
        return new ScorerSnapshot(null, experiment, name, version, CanonicalJson.of(serialized), null);
    }

    /** {@code SerializedScorer} of a builtin scorer, its fields in model_dump's order. */
    private static Map<String, Object> builtin(String name, String scorerClass, Map<String, Object> pydanticData) {
        Map<String, Object> serialized = new LinkedHashMap<>();
        serialized.put("name", name);
        serialized.put("aggregations", null);
        serialized.put("mlflow_version", "3.4.0");
        serialized.put("serialization_version", 1);
        serialized.put("builtin_scorer_class", scorerClass);
        serialized.put("builtin_scorer_pydantic_data", pydanticData);
        serialized.put("call_source", null);
        serialized.put("call_signature", null);
        serialized.put("original_func_name", null);
        serialized.put("instructions_judge_pydantic_data", null);
        return serialized;
    }

    private static Map<String, Object> guidelines(String name, List<String> guidelines) {
        Map<String, Object> data = judge(name, GUIDELINES_INSTRUCTIONS);
        Map<String, Object> withGuidelines = new LinkedHashMap<>();
        data.forEach((key, value) -> {
            if ("model".equals(key)) {
                withGuidelines.put("guidelines", guidelines);
            }
            withGuidelines.put(key, value);
        });
        return withGuidelines;
    }

    /** The pydantic fields of a builtin LLM judge, no model chosen (the default judge). */
    private static Map<String, Object> judge(String name, String instructions) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", name);
        data.put("aggregations", null);
        data.put("required_columns", List.of("inputs", "outputs"));
        data.put("model", null);
        data.put("instructions", instructions);
        return data;
    }
}
