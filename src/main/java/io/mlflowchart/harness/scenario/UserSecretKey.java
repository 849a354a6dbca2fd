package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.mlflowchart.harness.helm.RenderedChart;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The Secret (and its key) a release's server reads the key MLflow encrypts webhook secrets with from, when the user
 * creates that Secret rather than the chart ({@code webhooks.existingSecret}): the harness then creates it before
 * installing, as a user does. Read from the rendered server, not from values, so a fork of the chart that names it
 * otherwise works unchanged; a Secret the chart renders itself (its drawn key) is the chart's business.
 */
public record WebhookKey(String secret, String key) {

    static final String VARIABLE = "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY";

    /** Present when {@code server} reads {@value #VARIABLE} from a Secret that {@code rendered} does not hold. */
    static Optional<WebhookKey> userSecretOf(RenderedChart rendered, Container server) {
        Optional<SecretKeySelector> reference =
                ServerEnv.variable(server, VARIABLE).map(EnvVar::getValueFrom).map(EnvVarSource::getSecretKeyRef);
        return reference
                .filter(selector -> rendered.all(Secret.class).stream()
                        .noneMatch(secret -> secret.getMetadata().getName().equals(selector.getName())))
                .map(selector -> new WebhookKey(selector.getName(), selector.getKey()));
    }

    /** The Secret holding {@code fernetKey} under the name and key the server reads. */
    Secret secretWith(String fernetKey) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName(secret)
                .endMetadata()
                .addToStringData(key, fernetKey)
                .build();
    }

    /** A new Fernet key: 32 random bytes, URL-safe base64, as MLflow's {@code Fernet.generate_key()} makes one. */
    static String draw() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getUrlEncoder().encodeToString(key);
    }
}
