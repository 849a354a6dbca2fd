package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;

public record ModelVersion(
        String name,
        String version,
        String source,
        String runId,
        String status,
        String currentStage,
        String description,
        Long creationTimestamp,
        Long lastUpdatedTimestamp,
        List<Tag> tags,
        List<String> aliases) {

    public SortedMap<String, String> tagMap() {
        return Tag.toMap(tags);
    }
}
