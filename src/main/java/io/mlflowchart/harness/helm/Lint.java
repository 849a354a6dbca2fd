package io.mlflowchart.harness.helm;

/** {@code helm lint --strict}: warnings fail too. */
public final class Lint extends ChartCommand<Lint> {

    Lint(HelmCommand command) {
        super(command.add("--strict"));
    }

    /** Runs the lint; returns Helm's report, throws {@link HelmException} with it when the chart fails. */
    public String check() {
        return command.run();
    }
}
