package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A span attribute between MLflow's form, JSON text ({@code "\"CHAIN\""}, {@code "{\"q\": \"ä\"}"}), and OTLP's
 * {@code AnyValue}: a 3.4+ client sends the decoded value ({@code _set_otel_proto_anyvalue} in tracing/utils/otlp.py of
 * 3.4.0), and a client reading the store's spans writes it back as {@code json.dumps(value, ensure_ascii=False)}
 * ({@code dump_span_attribute_value}, {@code Span.from_otel_proto} of 3.17.2).
 */
final class SpanAttributeValues {

    private SpanAttributeValues() {}

    /** {@code json} decoded, as the AnyValue a Python client makes of it: objects keep their keys' order. */
    static AnyValue toAnyValue(String json) {
        try {
            return toAnyValue(Mappers.MLFLOW.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a span attribute is no JSON text: " + json, e);
        }
    }

    private static AnyValue toAnyValue(JsonNode value) {
        AnyValue.Builder any = AnyValue.newBuilder();
        if (value.isObject()) {
            KeyValueList.Builder list = KeyValueList.newBuilder();
            value.properties()
                    .forEach(entry -> list.addValues(
                            KeyValue.newBuilder().setKey(entry.getKey()).setValue(toAnyValue(entry.getValue()))));
            any.setKvlistValue(list);
        } else if (value.isArray()) {
            ArrayValue.Builder array = ArrayValue.newBuilder();
            value.forEach(item -> array.addValues(toAnyValue(item)));
            any.setArrayValue(array);
        } else if (value.isTextual()) {
            any.setStringValue(value.textValue());
        } else if (value.isBoolean()) {
            any.setBoolValue(value.booleanValue());
        } else if (value.isIntegralNumber()) {
            any.setIntValue(value.longValue());
        } else if (value.isNumber()) {
            any.setDoubleValue(value.doubleValue());
        }
        // null: Python leaves the AnyValue unset
        return any.build();
    }

    /** An AnyValue in protobuf's JSON mapping, as the store serves it, back to MLflow's JSON text. */
    static String fromAnyValue(JsonNode any) {
        StringBuilder text = new StringBuilder();
        dump(any, text);
        return text.toString();
    }

    /** As Python's {@code json.dumps(value, ensure_ascii=False)}: ", " and ": " between items, non-ASCII as is. */
    private static void dump(JsonNode any, StringBuilder text) {
        if (any.has("kvlist_value")) {
            List<String> items = new ArrayList<>();
            for (JsonNode entry : any.path("kvlist_value").path("values")) {
                StringBuilder item = new StringBuilder(quoted(entry.path("key").asText())).append(": ");
                dump(entry.path("value"), item);
                items.add(item.toString());
            }
            text.append('{').append(String.join(", ", items)).append('}');
        } else if (any.has("array_value")) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : any.path("array_value").path("values")) {
                StringBuilder dumped = new StringBuilder();
                dump(item, dumped);
                items.add(dumped.toString());
            }
            text.append('[').append(String.join(", ", items)).append(']');
        } else if (any.has("string_value")) {
            text.append(quoted(any.path("string_value").asText()));
        } else if (any.has("bool_value")) {
            text.append(any.path("bool_value").asBoolean());
        } else if (any.has("int_value")) {
            // int64 may come as a JSON string (protobuf's mapping) or a number (MLflow's message_to_json)
            text.append(Long.parseLong(any.path("int_value").asText()));
        } else if (any.has("double_value")) {
            text.append(pythonFloat(any.path("double_value").asDouble()));
        } else {
            text.append("null");
        }
    }

    private static String quoted(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                default -> quoted.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return quoted.append('"').toString();
    }

    /** Python's float repr: the shortest digits, plain from 1e-4 up to 1e16, else with an exponent ("1e+16"). */
    private static String pythonFloat(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Map.of(Double.POSITIVE_INFINITY, "Infinity", Double.NEGATIVE_INFINITY, "-Infinity")
                    .getOrDefault(value, "NaN");
        }
        BigDecimal shortest = new BigDecimal(Double.toString(value)).stripTrailingZeros();
        double magnitude = Math.abs(value);
        if (magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16)) {
            String plain = shortest.toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String digits = shortest.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return (value < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + String.format("%02d", Math.abs(exponent));
    }
}
