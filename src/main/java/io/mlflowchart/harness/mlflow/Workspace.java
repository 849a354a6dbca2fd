package io.mlflowchart.harness.mlflow;

/**
 * A workspace as MLflow's workspaces API (3.10 on) serves it: a name that is a Kubernetes-style label
 * ({@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, 2 to 63 characters), a description, and where its experiments' artifacts go
 * when not the server's default ({@code defaultArtifactRoot}, null: the server's), and how long its traces stay before
 * they are archived (3.13 on; null: the server's setting).
 */
public record Workspace(
        String name, String description, String defaultArtifactRoot, TraceArchivalConfig traceArchivalConfig) {

    /**
     * {@code retention}: {@code <int><unit>}, unit m, h or d; {@code location}: where archived traces go (null: the
     * server's). Acted on only when the server runs trace archival (MLFLOW_TRACE_ARCHIVAL_CONFIG), which the chart
     * does not set.
     */
    public record TraceArchivalConfig(String location, String retention) {}

    /** The workspace every request without a workspace header is made in, and all data of before workspaces. */
    public static final String DEFAULT = "default";
}
