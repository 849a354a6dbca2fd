package io.mlflowchart.harness.mlflow;

import java.util.Map;

/**
 * How MLflow's prompt registry (2.21 on) keeps prompts: as registered models and model versions marked by a tag,
 * the template in a version tag, what its Python client's {@code register_prompt} sends (mlflow/prompt/constants.py).
 */
final class Prompts {

    /** On the registered model and each of its versions: {@code "true"}. */
    static final String IS_PROMPT_TAG = "mlflow.prompt.is_prompt";

    /** On a version: the template. */
    static final String TEXT_TAG = "mlflow.prompt.text";

    /** The version's source: the client's placeholder, prompts have no files (3.x servers accept only those). */
    static final String SOURCE = "dummy-source";

    /**
     * The filter that makes the SQL registry list prompts: without it, its searches leave them out
     * (sqlalchemy_store.py {@code _update_query_to_exclude_prompts}).
     */
    static final String FILTER = "tags.`" + IS_PROMPT_TAG + "` = 'true'";

    private Prompts() {}

    static boolean isPrompt(Map<String, String> tags) {
        return "true".equals(tags.get(IS_PROMPT_TAG));
    }
}
