package io.mlflowchart.harness.mlflow;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An MCP server of the registry (MLflow 3.15 on) and all it holds, keyed by names that survive a reload: its versions
 * by version, its aliases to versions, its access endpoints by URL. JSON the registry keeps as given
 * ({@code server.json}, the tools, the connect options) is canonical JSON. Who created it is the server's (the
 * request's user), recorded in {@code createdBy}, not compared.
 */
public record McpServerSnapshot(
        String name,
        String displayName,
        String description,
        String status,
        String latestVersion,
        SortedMap<String, String> aliases,
        SortedMap<String, String> tags,
        SortedMap<String, VersionSnapshot> versions,
        SortedMap<String, EndpointSnapshot> endpoints,
        String createdBy) {

    public McpServerSnapshot {
        aliases = aliases == null ? new TreeMap<>() : new TreeMap<>(aliases);
        tags = tags == null ? new TreeMap<>() : new TreeMap<>(tags);
        versions = versions == null ? new TreeMap<>() : new TreeMap<>(versions);
        endpoints = endpoints == null ? new TreeMap<>() : new TreeMap<>(endpoints);
    }

    public record VersionSnapshot(
            String version,
            String serverJson,
            String status,
            String tools,
            SortedMap<String, String> tags,
            String connectOptions) {

        public VersionSnapshot {
            tags = tags == null ? new TreeMap<>() : new TreeMap<>(tags);
        }
    }

    /** {@code resolvedVersion}: the version the server says the endpoint serves now. */
    public record EndpointSnapshot(
            String id,
            String url,
            String transportType,
            String serverVersion,
            String serverAlias,
            String resolvedVersion) {}
}
