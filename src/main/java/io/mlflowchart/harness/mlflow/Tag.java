package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** A key/value pair as MLflow sends it: experiment, run and model tags, and run params. */
public record Tag(String key, String value) {

    static SortedMap<String, String> toMap(List<Tag> tags) {
        SortedMap<String, String> map = new TreeMap<>();
        if (tags != null) {
            tags.forEach(tag -> map.put(tag.key(), tag.value()));
        }
        return map;
    }

    static List<Tag> fromMap(Map<String, String> map) {
        return map.entrySet().stream()
                .map(e -> new Tag(e.getKey(), e.getValue()))
                .toList();
    }
}
