package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.Optional;

/**
 * A key of a Secret the user creates and the chart only names (an {@code existingSecret}), which the server reads a
 * variable from: the harness creates it before installing, as a user does. Read from the rendered server, not from
 * values, so a fork of the chart that names it otherwise works unchanged; a Secret the chart renders itself (a key it
 * draws) is the chart's business.
 */
public record UserSecretKey(String secret, String key) {

    /** Present when {@code server} reads {@code variable} from a Secret that {@code rendered} does not hold. */
    static Optional<UserSecretKey> readBy(RenderedChart rendered, Container server, String variable) {
        Optional<SecretKeySelector> reference =
                ServerEnv.variable(server, variable).map(EnvVar::getValueFrom).map(EnvVarSource::getSecretKeyRef);
        return reference
                .filter(selector -> rendered.all(Secret.class).stream()
                        .noneMatch(secret -> secret.getMetadata().getName().equals(selector.getName())))
                .map(selector -> new UserSecretKey(selector.getName(), selector.getKey()));
    }
}
