package io.mlflowchart.harness.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The project's Jackson mappers, configured here and nowhere else. They are shared, so a variant is a reader or
 * writer of one ({@code writerWithDefaultPrettyPrinter()}), never a change to it. fabric8 keeps its own mapper for
 * Kubernetes objects (Jackson 3, through {@code KubernetesSerialization}).
 */
public final class Mappers {

    /**
     * The harness's own files (results.json: dates as ISO-8601 text, indented) and what tools print (Helm's
     * {@code -o json}, Docker's answers): fields a model lacks are skipped, as tools add fields in new versions.
     */
    public static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** MLflow's REST API and the snapshots of its data: snake_case names, null fields left out, unknown ones skipped. */
    public static final ObjectMapper MLFLOW = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .defaultPropertyInclusion(
                    JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** YAML files read as trees: Chart.yaml, values files, scenario files. */
    public static final YAMLMapper YAML = new YAMLMapper();

    private Mappers() {}
}
