package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.mlflow.DataSnapshot.UserSnapshot;
import io.mlflowchart.harness.mlflow.MlflowUsers.Resource;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Both generations of MLflow's auth API read as the same snapshot, and grants go to the endpoint the server has. The
 * stub answers as MLflow 2.9.2 and 3.17.2 do (their shapes copied from the servers' handlers), and only to the admin.
 */
class MlflowUsersTest {

    private static final BasicAuth ADMIN = new BasicAuth("harness-admin", "0123456789abcdef");

    private static final String EXPERIMENT = "{\"experiment\": {\"experiment_id\": \"7\", \"name\": \"exp-a\"}}";

    private static final UserSnapshot READER = new UserSnapshot(
            "reader", false, new TreeMap<>(Map.of("experiment/exp-a", "READ", "registered-model/model-a", "EDIT")));

    /** The body of every POST the stub got, by path. */
    private final Map<String, Map<String, Object>> posted = new HashMap<>();

    private HttpServer server;

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void readsTheGrantsMlflow2ListsInUsersGet() throws IOException {
        MlflowClient client = serve(Map.of(
                "/api/2.0/mlflow/users/get",
                "{\"user\": {\"id\": 2, \"username\": \"reader\", \"is_admin\": false,"
                        + " \"experiment_permissions\": [{\"experiment_id\": \"7\", \"user_id\": 2, \"permission\": \"READ\"}],"
                        + " \"registered_model_permissions\": [{\"name\": \"model-a\", \"user_id\": 2, \"permission\": \"EDIT\"}]}}",
                "/api/2.0/mlflow/experiments/get",
                EXPERIMENT));

        assertThat(client.users().read("reader")).contains(READER);
    }

    @Test
    void readsTheRoleGrantsOfMlflow3() throws IOException {
        MlflowClient client = serve(Map.of(
                "/api/2.0/mlflow/users/get",
                "{\"user\": {\"id\": 2, \"username\": \"reader\", \"is_admin\": false}}",
                "/api/3.0/mlflow/users/permissions/list",
                "{\"is_admin\": false, \"permissions\": ["
                        + "{\"role_id\": 1, \"role_name\": \"__user_2__\", \"workspace\": \"default\","
                        + " \"resource_type\": \"experiment\", \"resource_pattern\": \"7\", \"permission\": \"READ\"},"
                        + "{\"role_id\": 1, \"role_name\": \"__user_2__\", \"workspace\": \"default\","
                        + " \"resource_type\": \"registered_model\", \"resource_pattern\": \"model-a\", \"permission\": \"EDIT\"}]}",
                "/api/2.0/mlflow/experiments/get",
                EXPERIMENT));

        assertThat(client.users().read("reader")).contains(READER);
    }

    @Test
    void readsAUserTheServerDoesNotHaveAsAbsent() throws IOException {
        MlflowClient client = serve(Map.of());

        assertThat(client.users().read("reader")).isEmpty();
    }

    @Test
    void grantsPerResourceOnMlflow2() throws IOException {
        MlflowClient client = serve(Map.of(
                "/api/2.0/mlflow/users/get",
                "{\"user\": {\"id\": 2, \"username\": \"editor\", \"is_admin\": false, \"experiment_permissions\": [],"
                        + " \"registered_model_permissions\": []}}",
                "/api/2.0/mlflow/experiments/get-by-name",
                EXPERIMENT,
                "/api/2.0/mlflow/experiments/permissions/create",
                "{}"));

        client.users().grant("editor", Resource.EXPERIMENT, "exp-a", "EDIT");

        assertThat(posted)
                .containsOnly(Map.entry(
                        "/api/2.0/mlflow/experiments/permissions/create",
                        Map.of("experiment_id", "7", "username", "editor", "permission", "EDIT")));
    }

    @Test
    void grantsThroughTheUsersRoleOnMlflow3() throws IOException {
        MlflowClient client = serve(Map.of(
                "/api/2.0/mlflow/users/get",
                "{\"user\": {\"id\": 2, \"username\": \"editor\", \"is_admin\": false}}",
                "/api/3.0/mlflow/users/permissions/grant",
                "{}"));

        client.users().grant("editor", Resource.REGISTERED_MODEL, "model-a", "MANAGE");

        assertThat(posted)
                .containsOnly(Map.entry(
                        "/api/3.0/mlflow/users/permissions/grant",
                        Map.of(
                                "username",
                                "editor",
                                "resource_type",
                                "registered_model",
                                "resource_id",
                                "model-a",
                                "permission",
                                "MANAGE")));
    }

    /** A server answering {@code answers} by path to the admin, 404 RESOURCE_DOES_NOT_EXIST to other paths, 401 to others. */
    private MlflowClient serve(Map<String, String> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        String expected = "Basic "
                + Base64.getEncoder()
                        .encodeToString((ADMIN.username() + ":" + ADMIN.password()).getBytes(StandardCharsets.UTF_8));
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST")) {
                posted.put(path, Mappers.JSON.readValue(exchange.getRequestBody(), new TypeReference<>() {}));
            }
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                answer(exchange, 401, "You are not authenticated.");
            } else if (answers.containsKey(path)) {
                answer(exchange, 200, answers.get(path));
            } else {
                answer(
                        exchange,
                        404,
                        "{\"error_code\": \"RESOURCE_DOES_NOT_EXIST\", \"message\": \"no " + path + "\"}");
            }
        });
        server.start();
        return new MlflowClient(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .authenticatedAs(ADMIN);
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
