package io.mlflowchart.harness.mlflow;

/** One logged metric value, as MLflow stores it: every field is set by the client, none by the server. */
public record Metric(String key, double value, long timestamp, long step) {}
