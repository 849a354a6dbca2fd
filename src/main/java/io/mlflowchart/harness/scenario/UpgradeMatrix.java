package io.mlflowchart.harness.scenario;

import java.util.List;

/**
 * A scenario file's {@code matrix:}: one scenario for each version of {@code from}, installing it and upgrading it, in
 * the file's one {@code upgrade} step, to {@code to}: {@link #CHART_DEFAULT} (the chart's MLflow), {@link #NEXT_MINOR}
 * (the last patch of the minor after the pair's from) or a version. Versions may be {@code 2.22.x}, the last patch of
 * 2.22.
 */
public record UpgradeMatrix(List<String> from, String to) {

    public static final String CHART_DEFAULT = "default";

    public static final String NEXT_MINOR = "next-minor";

    public UpgradeMatrix {
        from = List.copyOf(from);
    }
}
