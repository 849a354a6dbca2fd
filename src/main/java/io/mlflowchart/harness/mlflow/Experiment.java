package io.mlflowchart.harness.mlflow;

import java.util.List;
import java.util.SortedMap;

public record Experiment(
        String experimentId,
        String name,
        String artifactLocation,
        String lifecycleStage,
        Long creationTime,
        Long lastUpdateTime,
        List<Tag> tags) {

    public SortedMap<String, String> tagMap() {
        return Tag.toMap(tags);
    }
}
