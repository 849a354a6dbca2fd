package io.mlflowchart.harness.helm;

import java.nio.file.Path;

/**
 * A Helm command that takes a chart and values: template, lint, install, upgrade. Values are given in the order
 * Helm applies them, later ones winning.
 */
public abstract class ChartCommand<S extends ChartCommand<S>> {

    final HelmCommand command;

    ChartCommand(HelmCommand command) {
        this.command = command;
    }

    public S withValues(Path valuesFile) {
        command.add("--values", valuesFile.toString());
        return self();
    }

    /** {@code --set key=value}: Helm infers the type (numbers, booleans, null). */
    public S set(String key, Object value) {
        command.add("--set", key + "=" + value);
        return self();
    }

    /** {@code --set-string key=value}: always a string, whatever it looks like. */
    public S setString(String key, String value) {
        command.add("--set-string", key + "=" + value);
        return self();
    }

    @SuppressWarnings("unchecked")
    private S self() {
        return (S) this;
    }
}
