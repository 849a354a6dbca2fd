package io.mlflowchart.harness;

import java.util.Locale;

/**
 * A setting of the harness, read from the system property {@code name} ({@code -Dk3s.image=...}), else
 * from the environment variable of the same name in upper case with dots as underscores
 * ({@code K3S_IMAGE}), else its default. Environment variables let CI point a whole run at locally
 * built images without changing the commands users run.
 */
public record HarnessProperty(String name, String defaultValue) {

    /** Read from this process's system properties and environment. */
    public String value() {
        return valueIn(Settings.ofThisProcess());
    }

    /** Read from the given system properties and environment; blank counts as unset. */
    public String valueIn(Settings settings) {
        String property = settings.systemProperties().get(name);
        if (property != null && !property.isBlank()) {
            return property;
        }
        String variable = settings.environment().get(environmentVariable());
        return variable != null && !variable.isBlank() ? variable : defaultValue;
    }

    public String environmentVariable() {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
