package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versions given on the command line instead of in the scenario files, to reproduce an upgrade bug between any two
 * versions without editing a file: {@code -Dmlflow.from} (what the scenarios install: a version, or an image
 * reference), {@code -Dmlflow.to} (the {@code to-version} of every upgrade step) and {@code -Dchart.from} (the chart
 * the scenarios install: {@code git:<ref>} or a {@code .tgz}; upgrades still go to the working tree's chart).
 */
public record VersionOverrides(
        Optional<MlflowImage> mlflowFrom, Optional<String> mlflowTo, Optional<ChartSource> chartFrom) {

    static final HarnessProperty MLFLOW_FROM = new HarnessProperty("mlflow.from", "");

    static final HarnessProperty MLFLOW_TO = new HarnessProperty("mlflow.to", "");

    static final HarnessProperty CHART_FROM = new HarnessProperty("chart.from", "");

    /** The files' versions, as written. */
    public static VersionOverrides none() {
        return new VersionOverrides(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static VersionOverrides from(Settings settings) {
        return parse(MLFLOW_FROM.valueIn(settings), MLFLOW_TO.valueIn(settings), CHART_FROM.valueIn(settings));
    }

    /** Empty texts leave the files' versions; a malformed one fails, naming the property and the forms it takes. */
    static VersionOverrides parse(String mlflowFrom, String mlflowTo, String chartFrom) {
        Optional<MlflowImage> from =
                Optional.of(mlflowFrom).filter(text -> !text.isBlank()).map(VersionOverrides::mlflow);
        Optional<String> to = Optional.of(mlflowTo)
                .filter(text -> !text.isBlank())
                .map(text -> {
                    if (!ScenarioLoader.VERSION.matcher(text).matches()) {
                        throw new IllegalArgumentException(
                                "-D" + MLFLOW_TO.name() + "=" + text + ": not " + Param.Type.VERSION.expected);
                    }
                    return text;
                });
        Optional<ChartSource> chart = Optional.of(chartFrom)
                .filter(text -> !text.isBlank())
                .map(text -> {
                    try {
                        return ChartSource.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("-D" + CHART_FROM.name() + "=" + e.getMessage(), e);
                    }
                });
        return new VersionOverrides(from, to, chart);
    }

    /** {@code 2.9.2}: that release, its image found, pulled or built; {@code repo/name:tag}: that image. */
    private static MlflowImage mlflow(String text) {
        if (ScenarioLoader.VERSION.matcher(text).matches()) {
            return MlflowImage.ofVersion(text);
        }
        if (text.contains(":")) {
            return new MlflowImage(null, text);
        }
        throw new IllegalArgumentException("-D" + MLFLOW_FROM.name() + "=" + text + ": not "
                + Param.Type.VERSION.expected + " nor an image reference such as registry/mlflow:v2.9.2-full");
    }

    /** The scenario with the overridden versions; a version equal to the file's keeps the file's image. */
    Scenario applyTo(Scenario scenario) {
        MlflowImage mlflow = mlflowFrom
                .filter(from -> from.version() == null
                        || !from.version().equals(scenario.mlflow().version()))
                .orElse(scenario.mlflow());
        List<Step> steps = mlflowTo.map(to -> scenario.steps().stream()
                        .map(step -> withTargetVersion(step, to))
                        .toList())
                .orElse(scenario.steps());
        return new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.profile(),
                chartFrom.orElse(scenario.chart()),
                mlflow,
                scenario.dataset(),
                scenario.values(),
                steps,
                scenario.traffic(),
                scenario.file());
    }

    private static Step withTargetVersion(Step step, String version) {
        if (step.kind().param("to-version").isEmpty()) {
            return step;
        }
        Map<String, Object> params = new HashMap<>(step.params());
        params.put("to-version", version);
        return new Step(step.kind(), params, step.line());
    }

    /** The {@code -D} options that reproduce these overrides, for the report's reproduction command. */
    public String asOptions() {
        StringBuilder options = new StringBuilder();
        mlflowFrom.ifPresent(from ->
                options.append(" -D").append(MLFLOW_FROM.name()).append('=').append(from.label()));
        mlflowTo.ifPresent(
                to -> options.append(" -D").append(MLFLOW_TO.name()).append('=').append(to));
        chartFrom.ifPresent(chart ->
                options.append(" -D").append(CHART_FROM.name()).append('=').append(ChartSource.text(chart)));
        return options.toString().strip();
    }
}
