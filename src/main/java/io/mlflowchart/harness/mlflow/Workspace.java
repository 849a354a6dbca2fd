package io.mlflowchart.harness.mlflow;

/**
 * A workspace as MLflow's workspaces API (3.10 on) serves it: a name that is a Kubernetes-style label
 * ({@code [a-z0-9]([-a-z0-9]*[a-z0-9])?}, 2 to 63 characters), a description, and where its experiments' artifacts go
 * when not the server's default ({@code defaultArtifactRoot}, null: the server's).
 */
public record Workspace(String name, String description, String defaultArtifactRoot) {

    /** The workspace every request without a workspace header is made in, and all data of before workspaces. */
    public static final String DEFAULT = "default";
}
