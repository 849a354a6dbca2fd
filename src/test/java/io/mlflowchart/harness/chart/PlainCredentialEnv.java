package io.mlflowchart.harness.chart;

import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Environment variables named like a credential ({@code PASSWORD}, {@code PASSPHRASE}, {@code SECRET},
 * {@code ACCESS_KEY}, {@code TOKEN}) that do not read their value from a Secret: inline, or from a ConfigMap. Each
 * reads {@code Kind/name container <container> env <variable>}.
 */
final class PlainCredentialEnv {

    private static final Pattern CREDENTIAL_NAME = Pattern.compile(".*(PASSWORD|PASSPHRASE|SECRET|ACCESS_KEY|TOKEN).*");

    private PlainCredentialEnv() {}

    static List<String> in(RenderedChart chart) {
        List<String> plain = new ArrayList<>();
        for (Workload workload : Workload.all(chart)) {
            workload.containers()
                    .forEach(container -> container.getEnv().stream()
                            .filter(env ->
                                    CREDENTIAL_NAME.matcher(env.getName()).matches())
                            .filter(env -> env.getValueFrom() == null
                                    || env.getValueFrom().getSecretKeyRef() == null)
                            .forEach(env -> plain.add(
                                    workload + " container " + container.getName() + " env " + env.getName())));
        }
        return plain;
    }
}
