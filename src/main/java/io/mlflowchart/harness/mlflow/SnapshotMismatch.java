package io.mlflowchart.harness.mlflow;

import java.util.List;

/** MLflow's data differs from what it should be: the message lists every difference (the first hundred). */
public final class SnapshotMismatch extends RuntimeException {

    private static final int SHOWN = 100;

    private final transient SnapshotDiff diff;

    SnapshotMismatch(String description, SnapshotDiff diff) {
        super(message(description, diff.differences()));
        this.diff = diff;
    }

    public SnapshotDiff diff() {
        return diff;
    }

    private static String message(String description, List<String> differences) {
        int total = differences.size();
        return (description == null ? "" : "[" + description + "] ")
                + "MLflow's data differs from the expected data in " + total + " place(s)"
                + (total > SHOWN ? " (first " + SHOWN + " shown)" : "")
                + ":\n  " + String.join("\n  ", differences.subList(0, Math.min(SHOWN, total)))
                + (total > SHOWN ? "\n  ..." : "")
                + "\nNot compared, by design (IgnoredFields): "
                + String.join(
                        "; ",
                        IgnoredFields.ALL.stream()
                                .map(IgnoredFields.Ignored::field)
                                .toList());
    }
}
