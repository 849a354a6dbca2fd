package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mlflowchart.harness.json.Mappers;

/**
 * JSON values as one text whatever wrote them: keys sorted at every level, no spaces, non-ASCII as characters. MLflow
 * keeps some values as JSON it writes with Python's {@code json.dumps} (spaces, {@code \\u} escapes, keys in the
 * order given), so two equal values compare equal only in this form.
 */
final class CanonicalJson {

    /** Not MLFLOW's: that one leaves null values out of maps, and a null in a JSON value is data. */
    private static final ObjectWriter SORTED = Mappers.JSON
            .writer()
            .without(SerializationFeature.INDENT_OUTPUT)
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private CanonicalJson() {}

    /** {@code value} (maps, lists, strings, numbers, booleans, or a tree) in the canonical form; null stays null. */
    static String of(Object value) {
        if (value == null || value instanceof JsonNode node && (node.isNull() || node.isMissingNode())) {
            return null;
        }
        try {
            return SORTED.writeValueAsString(Mappers.JSON.convertValue(value, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON value: " + value, e);
        }
    }

    /** A JSON text in the canonical form; null stays null. */
    static String ofText(String json) {
        if (json == null) {
            return null;
        }
        return of(parse(json));
    }

    /** A JSON text as maps, lists and values, to put inside a request. */
    static Object parse(String json) {
        try {
            return Mappers.JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + json, e);
        }
    }
}
