package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.util.Optional;

/**
 * How a release runs MLflow's basic-auth app, as its chart renders the server container: the Secret (and its keys)
 * the admin and the Flask secret key come from, and the URI of the auth database. Read from the rendered server, not
 * from values, so a fork of the chart that names things otherwise works unchanged.
 */
public record ServerAuth(
        String secret, String usernameKey, String passwordKey, String flaskSecretKeyKey, String databaseUri) {

    static final String APP_ARG = "--app-name=basic-auth";

    /** Present when the server runs {@code --app-name=basic-auth}. */
    static Optional<ServerAuth> of(Container server) {
        if (server.getArgs() == null || !server.getArgs().contains(APP_ARG)) {
            return Optional.empty();
        }
        SecretKeySelector username = secretRef(server, "MLFLOW_AUTH_ADMIN_USERNAME");
        return Optional.of(new ServerAuth(
                username.getName(),
                username.getKey(),
                secretRef(server, "MLFLOW_AUTH_ADMIN_PASSWORD").getKey(),
                secretRef(server, "MLFLOW_FLASK_SERVER_SECRET_KEY").getKey(),
                variable(server, "MLFLOW_AUTH_DATABASE_URI").getValue()));
    }

    /** The auth database's name when it lives on PostgreSQL (the URI's last path segment). */
    Optional<String> postgresDatabase() {
        if (!databaseUri.startsWith("postgresql")) {
            return Optional.empty();
        }
        return Optional.of(
                databaseUri.substring(databaseUri.lastIndexOf('/') + 1).replaceFirst("\\?.*", ""));
    }

    private static SecretKeySelector secretRef(Container server, String name) {
        EnvVar variable = variable(server, name);
        if (variable.getValueFrom() == null || variable.getValueFrom().getSecretKeyRef() == null) {
            throw new IllegalStateException(
                    "the server runs " + APP_ARG + " but its " + name + " is not read from a Secret: " + variable);
        }
        return variable.getValueFrom().getSecretKeyRef();
    }

    private static EnvVar variable(Container server, String name) {
        return ServerEnv.variable(server, name)
                .orElseThrow(() -> new IllegalStateException(
                        "the server runs " + APP_ARG + " but has no environment variable " + name));
    }
}
