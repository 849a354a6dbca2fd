package io.mlflowchart.harness.mlflow;

/** A file in a run's artifact tree; {@code path} is relative to the run's artifact root. */
public record ArtifactFile(String path, boolean isDir, Long fileSize) {}
