package io.mlflowchart.harness.mlflow;

/**
 * A workspace besides the default one (MLflow 3.10 on, when the server runs with workspaces) and all it holds:
 * {@code data} is what a client sees in it, read as the rest of a {@link DataSnapshot} is, in that workspace
 * ({@link MlflowClient#inWorkspace(String)}); {@code traceArchival} its own trace archival setting (3.13 on). The default workspace is the snapshot's own data, not one of these.
 */
public record WorkspaceSnapshot(
        String name, String description, Workspace.TraceArchivalConfig traceArchival, DataSnapshot data) {}
