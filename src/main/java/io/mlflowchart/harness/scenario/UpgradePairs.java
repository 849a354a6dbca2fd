package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.images.ReleaseHistory;
import io.mlflowchart.harness.images.ReleaseNumber;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns scenario files into the scenarios a run runs: a file with a {@code matrix} into one scenario per pair, and
 * every {@code X.Y.x} into the last patch of X.Y. A pair is named {@code <file's name>-<from>-to-<to>} with both
 * versions resolved ({@code release-upgrade-dev-3.16.1-to-3.17.2}): a name fit for a namespace, a report folder and
 * {@code -Dscenario=}, the same on every machine that sees the same releases. A pair that would not go forward (its
 * from at or after its to) is left out, and the console says so. MLflow's releases are asked for only when a
 * scenario needs them, so a run of plain versions never asks PyPI.
 */
final class UpgradePairs {

    private static final Logger PROGRESS = LoggerFactory.getLogger("progress");

    private final Supplier<ReleaseHistory> releases;

    private final String chartDefault;

    /** {@code chartDefault}: the MLflow the chart runs unless told otherwise (its {@code appVersion}). */
    UpgradePairs(Supplier<ReleaseHistory> releases, String chartDefault) {
        this.releases = releases;
        this.chartDefault = chartDefault;
    }

    /** Every scenario as run, in the order given, each matrix's pairs in the order of its from-versions. */
    List<Scenario> expand(List<Scenario> files) {
        Map<String, Scenario> byName = new LinkedHashMap<>();
        for (Scenario file : files) {
            List<Scenario> expanded = file.matrix().isPresent() ? pairs(file) : List.of(resolve(file));
            for (Scenario scenario : expanded) {
                Scenario before = byName.putIfAbsent(scenario.name(), scenario);
                if (before != null && !before.file().equals(scenario.file())) {
                    throw new IllegalArgumentException("scenario " + scenario.name() + " comes from both "
                            + before.file() + " and " + scenario.file() + ": rename one of them");
                }
            }
        }
        return List.copyOf(byName.values());
    }

    /** {@code scenario} with each {@code X.Y.x} (its MLflow, its upgrades' {@code to-version}) the last patch of X.Y. */
    Scenario resolve(Scenario scenario) {
        MlflowImage mlflow = scenario.mlflow();
        if (mlflow.version() != null) {
            mlflow = new MlflowImage(resolved(mlflow.version()), mlflow.image());
        }
        List<Step> steps = scenario.steps().stream()
                .map(step -> step.has("to-version")
                        ? VersionOverrides.withTargetVersion(step, resolved(step.text("to-version")))
                        : step)
                .toList();
        return scenario.with(scenario.chart(), mlflow, steps);
    }

    private List<Scenario> pairs(Scenario file) {
        UpgradeMatrix matrix = file.matrix().orElseThrow();
        Map<String, Scenario> pairs = new LinkedHashMap<>();
        for (String given : matrix.from()) {
            String from = resolved(given);
            String to = target(matrix.to(), from);
            if (ReleaseNumber.of(from).compareTo(ReleaseNumber.of(to)) >= 0) {
                PROGRESS.info(
                        "[{}] no pair from {} ({}): not older than {}, its upgrade's target",
                        file.name(),
                        from,
                        given,
                        to);
                continue;
            }
            List<Step> steps = matrix.to().equals(UpgradeMatrix.CHART_DEFAULT)
                    ? file.steps()
                    : file.steps().stream()
                            .map(step ->
                                    step.name().equals("upgrade") ? VersionOverrides.withTargetVersion(step, to) : step)
                            .toList();
            String name = file.name() + "-" + from + "-to-" + to;
            pairs.putIfAbsent(name, file.pair(name, MlflowImage.ofVersion(from), steps));
        }
        return new ArrayList<>(pairs.values());
    }

    private String target(String to, String from) {
        return switch (to) {
            case UpgradeMatrix.CHART_DEFAULT -> chartDefault;
            case UpgradeMatrix.NEXT_MINOR -> releases.get().lastPatchOfNextMinor(from);
            default -> resolved(to);
        };
    }

    /** {@code X.Y.x} as its last patch; any other version as given, without asking for the releases. */
    private String resolved(String version) {
        return ReleaseHistory.LAST_PATCH.matcher(version).matches()
                ? releases.get().resolve(version)
                : version;
    }
}
