package io.mlflowchart.harness.scenario;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a Jackson tree plus the line each node was written on, which {@code readTree} drops.
 * Keys given twice are kept as a list: YAML parsers silently let the last one win.
 */
record LocatedTree(JsonNode root, Map<JsonPointer, Integer> lines, List<JsonPointer> duplicateKeys) {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static LocatedTree parse(String yaml) throws IOException {
        try (JsonParser parser = Mappers.YAML.createParser(yaml)) {
            Map<JsonPointer, Integer> lines = new HashMap<>();
            List<JsonPointer> duplicates = new ArrayList<>();
            JsonNode root = parser.nextToken() == null
                    ? NODES.missingNode()
                    : read(parser, JsonPointer.empty(), lines, duplicates);
            return new LocatedTree(root, lines, duplicates);
        }
    }

    /** The line of the node at {@code at}, or of its nearest ancestor that exists. */
    int lineOf(JsonPointer at) {
        for (JsonPointer p = at; p != null; p = p.head()) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
        }
        return 1;
    }

    private static JsonNode read(
            JsonParser parser, JsonPointer at, Map<JsonPointer, Integer> lines, List<JsonPointer> duplicates)
            throws IOException {
        lines.putIfAbsent(at, parser.currentTokenLocation().getLineNr());
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    JsonPointer child = at.appendProperty(name);
                    if (object.has(name)) {
                        duplicates.add(child);
                        lines.remove(child);
                    }
                    // A key's line, not its value's: a nested map's first token sits on the line below.
                    lines.put(child, parser.currentTokenLocation().getLineNr());
                    parser.nextToken();
                    object.set(name, read(parser, child, lines, duplicates));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(read(parser, at.appendIndex(array.size()), lines, duplicates));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(parser.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.numberNode(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(parser.getBooleanValue());
            }
            default -> {
                return NODES.nullNode();
            }
        }
    }
}
