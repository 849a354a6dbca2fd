package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * An MCP server in MLflow's MCP server registry (3.15 on; a FastAPI router beside the REST API 3.0,
 * server/mcp_server_api.py, the same from 3.15.2 to 3.17.2), as it serves one: named {@code <reverse-dns
 * namespace>/<slug>}, with tags and aliases naming versions; {@code status} and {@code latestVersion} are what the
 * store makes of its versions. Who created it and when are the server's.
 */
public record McpServer(
        String name,
        String displayName,
        String description,
        String status,
        String latestVersion,
        List<Alias> aliases,
        Map<String, String> tags,
        String createdBy) {

    public McpServer {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }

    public record Alias(String alias, String version) {}

    /**
     * A version: the {@code server.json} of the MCP registry's format as sent, {@code status} draft, active,
     * deprecated or deleted, the tools it offers, its tags.
     */
    public record Version(
            String name,
            String version,
            JsonNode serverJson,
            String status,
            JsonNode tools,
            Map<String, String> tags,
            JsonNode connectOptions,
            String source) {

        public Version {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }
    }

    /**
     * Where clients reach a version of the server: at {@code url}, pinned to {@code serverVersion} or following
     * {@code serverAlias}, resolved by the server to {@code resolvedVersion}. The id ({@code ae-...}) is the server's.
     */
    public record Endpoint(
            String id,
            String serverName,
            String url,
            String transportType,
            String serverVersion,
            String serverAlias,
            Version resolvedVersion) {}
}
