package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.mlflow.DataSnapshot.UserSnapshot;
import io.restassured.http.Method;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * MLflow's basic-auth API as an admin uses it: users, and their permissions on experiments and registered models,
 * keyed {@code experiment/<name>} and {@code registered-model/<name>} so that they read the same on any server that
 * holds the same data. Two generations: MLflow 2.x grants per resource ({@code experiments/permissions/create},
 * {@code registered-models/permissions/create}) and lists a user's grants in {@code users/get}; 3.x (roles) grants
 * through {@code /api/3.0/mlflow/users/permissions/grant} and lists them with {@code .../list}, its migration having
 * turned every 2.x grant into one. Which one a server speaks is read from its {@code users/get} answer.
 */
public final class MlflowUsers {

    private static final String API = "/api/2.0/mlflow/";

    private static final String ROLES_API = "/api/3.0/mlflow/";

    /** What an experiment or a registered model is called in a grant's key. */
    public enum Resource {
        EXPERIMENT("experiment", "experiment"),
        REGISTERED_MODEL("registered-model", "registered_model");

        private final String key;

        /** MLflow 3.x's resource_type. */
        private final String type;

        Resource(String key, String type) {
            this.key = key;
            this.type = type;
        }

        public String key(String name) {
            return key + "/" + name;
        }
    }

    private final MlflowClient client;

    MlflowUsers(MlflowClient client) {
        this.client = client;
    }

    public void create(BasicAuth user) {
        client.sendJson(
                Method.POST, API + "users/create", Map.of("username", user.username(), "password", user.password()));
    }

    public void makeAdmin(String username) {
        client.sendJson(Method.PATCH, API + "users/update-admin", Map.of("username", username, "is_admin", true));
    }

    /** Grants {@code username} {@code permission} (READ, EDIT, MANAGE) on the experiment or model named {@code name}. */
    public void grant(String username, Resource resource, String name, String permission) {
        String id = resource == Resource.EXPERIMENT ? experimentId(name) : name;
        if (perResourceGrants(user(username).orElseThrow())) {
            String path = resource == Resource.EXPERIMENT
                    ? "experiments/permissions/create"
                    : "registered-models/permissions/create";
            String idField = resource == Resource.EXPERIMENT ? "experiment_id" : "name";
            client.sendJson(
                    Method.POST, API + path, Map.of(idField, id, "username", username, "permission", permission));
        } else {
            client.sendJson(
                    Method.POST,
                    ROLES_API + "users/permissions/grant",
                    Map.of(
                            "username",
                            username,
                            "resource_type",
                            resource.type,
                            "resource_id",
                            id,
                            "permission",
                            permission));
        }
    }

    /** The user as the server holds it, or empty if it has no such user. */
    public Optional<UserSnapshot> read(String username) {
        return user(username)
                .map(user -> new UserSnapshot(
                        username,
                        user.path("is_admin").asBoolean(),
                        perResourceGrants(user) ? grantsOf(user) : roleGrants(username)));
    }

    private Optional<JsonNode> user(String username) {
        try {
            return Optional.of(client.getFrom(API + "users/get", Map.of("username", username))
                    .path("user"));
        } catch (MlflowException e) {
            if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** MLflow 2.x: {@code users/get} lists the user's grants itself. */
    private static boolean perResourceGrants(JsonNode user) {
        return user.has("experiment_permissions");
    }

    private SortedMap<String, String> grantsOf(JsonNode user) {
        SortedMap<String, String> grants = new TreeMap<>();
        user.path("experiment_permissions")
                .forEach(p -> grants.put(
                        Resource.EXPERIMENT.key(
                                experimentName(p.path("experiment_id").asText())),
                        p.path("permission").asText()));
        user.path("registered_model_permissions")
                .forEach(p -> grants.put(
                        Resource.REGISTERED_MODEL.key(p.path("name").asText()),
                        p.path("permission").asText()));
        return grants;
    }

    /** MLflow 3.x: every grant of every role the user holds; other kinds of resource keep their type and pattern. */
    private SortedMap<String, String> roleGrants(String username) {
        SortedMap<String, String> grants = new TreeMap<>();
        for (JsonNode row : client.getFrom(ROLES_API + "users/permissions/list", Map.of("username", username))
                .path("permissions")) {
            String type = row.path("resource_type").asText();
            String pattern = row.path("resource_pattern").asText();
            String key;
            if (type.equals(Resource.EXPERIMENT.type) && !pattern.equals("*")) {
                key = Resource.EXPERIMENT.key(experimentName(pattern));
            } else if (type.equals(Resource.REGISTERED_MODEL.type)) {
                key = Resource.REGISTERED_MODEL.key(pattern);
            } else {
                key = type + "/" + pattern;
            }
            grants.put(key, row.path("permission").asText());
        }
        return grants;
    }

    private String experimentId(String name) {
        return client.experimentByName(name)
                .orElseThrow(() -> new IllegalStateException("no experiment named '" + name + "' to grant on"))
                .experimentId();
    }

    private String experimentName(String id) {
        return client.experiment(id).name();
    }
}
