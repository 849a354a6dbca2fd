package io.mlflowchart.harness;

import java.util.Locale;

/**
 * A setting of the harness, read from the system property {@code name} ({@code -Dk3s.image=...}), else
 * from the environment variable of the same name in upper case with dots as underscores
 * ({@code K3S_IMAGE}), else its default. Environment variables let CI point a whole run at locally
 * built images without changing the commands users run.
 */
public record HarnessProperty(String name, String defaultValue) {

    public String value() {
        String property = System.getProperty(name);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String variable = System.getenv(environmentVariable());
        return variable != null && !variable.isBlank() ? variable : defaultValue;
    }

    public String environmentVariable() {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
