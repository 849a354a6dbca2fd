package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.mlflowchart.harness.mlflow.BasicAuth;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user puts into the Secrets the chart names before installing: the basic-auth admin and Flask secret key,
 * the Fernet key webhook secrets are encrypted with, the passphrase that wraps the AI Gateway's provider keys. Drawn
 * once per scenario, so that every release of it (a restore into a fresh namespace, a blue-green twin) decrypts what
 * another one wrote, as a user's releases do with the user's Secrets.
 */
public record UserSecrets(BasicAuth admin, String flaskSecretKey, String webhookKey, String gatewayPassphrase) {

    static final String WEBHOOK_KEY_VARIABLE = "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY";

    static final String GATEWAY_PASSPHRASE_VARIABLE = "MLFLOW_CRYPTO_KEK_PASSPHRASE";

    static UserSecrets draw() {
        return new UserSecrets(
                BasicAuth.generate("harness-admin"), BasicAuth.randomToken(), fernetKey(), BasicAuth.randomToken());
    }

    /**
     * The Secrets {@code layout}'s server reads from and the chart does not render, each with every key the server
     * reads from it: values that share a Secret go into one, since applying it twice would leave only the last keys.
     */
    List<Secret> secretsFor(ServerLayout layout) {
        Map<String, Map<String, String>> data = new LinkedHashMap<>();
        layout.auth().ifPresent(auth -> {
            Map<String, String> keys = data.computeIfAbsent(auth.secret(), name -> new LinkedHashMap<>());
            keys.put(auth.usernameKey(), admin.username());
            keys.put(auth.passwordKey(), admin.password());
            keys.put(auth.flaskSecretKeyKey(), flaskSecretKey);
        });
        layout.webhookKey().ifPresent(key -> put(data, key, webhookKey));
        layout.gatewayPassphrase().ifPresent(key -> put(data, key, gatewayPassphrase));
        return data.entrySet().stream()
                .map(secret -> new SecretBuilder()
                        .withNewMetadata()
                        .withName(secret.getKey())
                        .endMetadata()
                        .withStringData(secret.getValue())
                        .build())
                .toList();
    }

    private static void put(Map<String, Map<String, String>> data, UserSecretKey key, String value) {
        data.computeIfAbsent(key.secret(), name -> new LinkedHashMap<>()).put(key.key(), value);
    }

    /** A new Fernet key: 32 random bytes, URL-safe base64, as MLflow's {@code Fernet.generate_key()} makes one. */
    static String fernetKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }

    @Override
    public String toString() {
        return "UserSecrets[admin=" + admin + ", keys hidden]";
    }
}
