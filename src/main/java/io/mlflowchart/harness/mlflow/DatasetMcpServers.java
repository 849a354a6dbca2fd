package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.McpServerSnapshot.EndpointSnapshot;
import io.mlflowchart.harness.mlflow.McpServerSnapshot.VersionSnapshot;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The MCP server the dataset registers (MLflow 3.15 on), as a platform team does: created, then given a display name
 * (an update); a version 1.0.0, active, installed from npm over stdio, with a tool and a tag, and a draft 1.1.0 reached
 * remotely; the alias {@code prod} on 1.0.0, a tag on the server, and an access endpoint following the alias. The store
 * makes the server active and 1.0.0 its latest version, draft versions not counting (MlflowClientIT, 3.15.2 and
 * 3.17.2). Its remote and endpoint are at the webhooks' address no one answers at ({@link DatasetWebhooks#UNREACHABLE}):
 * nothing connects to them.
 */
final class DatasetMcpServers {

    private static final String NAMESPACE = "io.mlflow-chart";
    private static final String STABLE = "1.0.0";
    private static final String DRAFT = "1.1.0";
    private static final String ALIAS = "prod";

    /** As the registry serves the tool it was sent: every field of MCPToolResponsePayload, null where none was given. */
    private static final String TOOLS = "[{\"annotations\":null,\"description\":\"Forecast for a city — ünïcödé ✓\","
            + "\"execution\":null,\"icons\":null,\"inputSchema\":{\"properties\":{\"city\":{\"type\":\"string\"}},"
            + "\"required\":[\"city\"],\"type\":\"object\"},\"name\":\"forecast\",\"outputSchema\":null,"
            + "\"title\":\"Forecast\"}]";

    private DatasetMcpServers() {}

    /** The server, its name's slug starting with {@code namePrefix} made a slug. */
    static SortedMap<String, McpServerSnapshot> of(String namePrefix) {
        String slug = namePrefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-") + "weather";
        String name = NAMESPACE + "/" + slug;
        String address = DatasetWebhooks.UNREACHABLE + "mcp/" + slug;
        SortedMap<String, VersionSnapshot> versions = new TreeMap<>();
        versions.put(
                STABLE,
                new VersionSnapshot(
                        STABLE,
                        CanonicalJson.ofText("{\"name\":\"" + name + "\",\"version\":\"" + STABLE + "\","
                                + "\"title\":\"Weather\",\"description\":\"Forecasts and alerts\","
                                + "\"packages\":[{\"registryType\":\"npm\",\"identifier\":\"@mlflow-chart/weather-mcp\","
                                + "\"version\":\"" + STABLE + "\",\"transport\":{\"type\":\"stdio\"}}],"
                                + "\"repository\":{\"url\":\"https://example.com/mlflow-chart/weather\","
                                + "\"source\":\"github\"}}"),
                        "active",
                        CanonicalJson.ofText(TOOLS),
                        new TreeMap<>(Map.of("reviewed-by", "platform-team")),
                        "{}"));
        versions.put(
                DRAFT,
                new VersionSnapshot(
                        DRAFT,
                        CanonicalJson.ofText("{\"name\":\"" + name + "\",\"version\":\"" + DRAFT + "\","
                                + "\"remotes\":[{\"type\":\"streamable-http\",\"url\":\"" + address + "\"}]}"),
                        "draft",
                        "[]",
                        null,
                        "{}"));
        String url = address + "/" + ALIAS;
        McpServerSnapshot server = new McpServerSnapshot(
                name,
                "Weather ☀",
                "Forecasts and alerts — ünïcödé ✓",
                "active",
                STABLE,
                new TreeMap<>(Map.of(ALIAS, STABLE)),
                new TreeMap<>(Map.of("team", "platform")),
                versions,
                new TreeMap<>(Map.of(url, new EndpointSnapshot(null, url, "streamable-http", null, ALIAS, STABLE))),
                null);
        return new TreeMap<>(Map.of(name, server));
    }

    /** Registers each server as {@link #of} says: the server, its display name, versions, tags, aliases, endpoints. */
    static void write(MlflowClient client, SortedMap<String, McpServerSnapshot> servers) {
        for (McpServerSnapshot server : servers.values()) {
            client.createMcpServer(Map.of("name", server.name(), "description", server.description()));
            client.updateMcpServer(server.name(), Map.of("display_name", server.displayName()));
            for (VersionSnapshot version : server.versions().values()) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("server_json", CanonicalJson.parse(version.serverJson()));
                request.put("status", version.status());
                request.put("tools", CanonicalJson.parse(version.tools()));
                client.createMcpServerVersion(server.name(), request);
                version.tags()
                        .forEach((key, value) ->
                                client.setMcpServerVersionTag(server.name(), version.version(), key, value));
            }
            server.aliases().forEach((alias, version) -> client.setMcpServerAlias(server.name(), alias, version));
            server.tags().forEach((key, value) -> client.setMcpServerTag(server.name(), key, value));
            for (EndpointSnapshot endpoint : server.endpoints().values()) {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("url", endpoint.url());
                request.put("transport_type", endpoint.transportType());
                request.put("server_version", endpoint.serverVersion());
                request.put("server_alias", endpoint.serverAlias());
                client.createMcpAccessEndpoint(server.name(), request);
            }
        }
    }
}
