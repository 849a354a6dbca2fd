package io.mlflowchart.harness.mlflow;

import org.assertj.core.api.AbstractAssert;

/** {@code SnapshotAssert.assertThat(actual).matches(expected)}: fails listing every difference. */
public final class SnapshotAssert extends AbstractAssert<SnapshotAssert, DataSnapshot> {

    private static final int SHOWN = 100;

    private SnapshotAssert(DataSnapshot actual) {
        super(actual, SnapshotAssert.class);
    }

    public static SnapshotAssert assertThat(DataSnapshot actual) {
        return new SnapshotAssert(actual);
    }

    public SnapshotAssert matches(DataSnapshot expected) {
        isNotNull();
        SnapshotDiff diff = actual.diffAgainst(expected);
        if (!diff.isEmpty()) {
            int total = diff.differences().size();
            String shown = String.join("\n  ", diff.differences().subList(0, Math.min(SHOWN, total)));
            failWithMessage("MLflow's data differs from the expected data in %d place(s)%s:%n  %s%s%n"
                            + "Not compared, by design (IgnoredFields): %s", total,
                    total > SHOWN ? " (first " + SHOWN + " shown)" : "", shown,
                    total > SHOWN ? "\n  ..." : "",
                    String.join("; ", IgnoredFields.ALL.stream().map(IgnoredFields.Ignored::field).toList()));
        }
        return this;
    }
}
