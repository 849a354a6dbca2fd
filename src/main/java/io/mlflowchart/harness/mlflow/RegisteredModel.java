package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

public record RegisteredModel(
        String name,
        String description,
        Long creationTimestamp,
        Long lastUpdatedTimestamp,
        List<Tag> tags,
        List<Alias> aliases) {

    public record Alias(String alias, String version) {}

    public SortedMap<String, String> tagMap() {
        return Tag.toMap(tags);
    }

    /** alias -> version. */
    public SortedMap<String, String> aliasMap() {
        SortedMap<String, String> map = new TreeMap<>();
        if (aliases != null) {
            aliases.forEach(a -> map.put(a.alias(), a.version()));
        }
        return map;
    }
}
