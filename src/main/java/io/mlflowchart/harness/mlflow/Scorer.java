package io.mlflowchart.harness.mlflow;

/**
 * A registered scorer's version as MLflow's scorers API (3.4 on) serves it; {@code serializedScorer} is the JSON text
 * the client registered. {@code scorerId} is served by 3.10.1 and 3.17.2, not by 3.4.0.
 */
public record Scorer(
        String experimentId,
        String scorerName,
        int scorerVersion,
        String serializedScorer,
        Long creationTime,
        String scorerId) {}
