package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.images.ReleaseNumber;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds of data one MLflow release serves, read from {@code data-kinds.txt} beside this class: a table of
 * release ranges, each with where its API is, so adding a kind or a release is editing data. {@code limits}: the
 * longest values the release keeps, which {@link DataKind#LENGTH_LIMITS} writes.
 */
public record DataKinds(Set<DataKind> kinds, ValueLimits limits) {

    /** One line of the table: {@code kind} from {@code first} up to, not including, {@code below} (null: newest). */
    public record Range(DataKind kind, ReleaseNumber first, ReleaseNumber below, String source) {}

    private static final String TABLE = "data-kinds.txt";

    private static final List<Range> RANGES = read();

    /** The base dataset only: for writes that test something else (an outage, a restart) and count on its shape. */
    public static final DataKinds BASE = new DataKinds(Set.of(), null);

    public DataKinds {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
        if (kinds.contains(DataKind.LENGTH_LIMITS) && limits == null) {
            throw new IllegalArgumentException("values at the length limits need the limits");
        }
    }

    /** The kinds {@code version} ({@code 2.9.2}, {@code 3.17.2}, as {@code /version} answers) serves. */
    public static DataKinds servedBy(String version) {
        return servedBy(version, RANGES);
    }

    /**
     * The kinds the server {@code client} talks to serves: its release's ({@link #servedBy(String)}), but
     * {@link DataKind#WORKSPACES} and their settings only when the server runs with workspaces, which is its operator's
     * choice.
     */
    public static DataKinds servedBy(MlflowClient client) {
        DataKinds kinds = servedBy(client.version());
        if (!kinds.has(DataKind.WORKSPACES) || client.workspacesEnabled()) {
            return kinds;
        }
        Set<DataKind> without = EnumSet.copyOf(kinds.kinds());
        without.removeAll(Set.of(DataKind.WORKSPACES, DataKind.WORKSPACE_TRACE_ARCHIVAL));
        return new DataKinds(without, kinds.limits());
    }

    static DataKinds servedBy(String version, List<Range> ranges) {
        ReleaseNumber release = ReleaseNumber.of(version);
        return new DataKinds(
                ranges.stream()
                        .filter(range -> release.within(range.first(), range.below()))
                        .map(Range::kind)
                        .collect(Collectors.toSet()),
                ValueLimits.of(version));
    }

    /** Every line of the table, in its order. */
    public static List<Range> table() {
        return RANGES;
    }

    /**
     * Whether {@code version} is the first release of a range of {@code kind} or later: data of that kind an older
     * release wrote stays to be read on it, even past the ranges that write the kind.
     */
    public static boolean readableOn(DataKind kind, String version) {
        ReleaseNumber release = ReleaseNumber.of(version);
        return RANGES.stream()
                .filter(range -> range.kind() == kind)
                .anyMatch(range -> release.within(range.first(), null));
    }

    public boolean has(DataKind kind) {
        return kinds.contains(kind);
    }

    private static List<Range> read() {
        return parse(ReleaseTable.lines(DataKinds.class, TABLE));
    }

    /** The ranges in {@code lines}; a kind the enum lacks, or one the table lacks, fails naming it. */
    static List<Range> parse(List<String> lines) {
        ReleaseTable table = ReleaseTable.parse(TABLE, lines, List.of("kind", "first", "below", "source"));
        List<Range> ranges = new ArrayList<>();
        for (ReleaseTable.Row row : table.rows()) {
            ranges.add(new Range(
                    table.key(row, DataKind.values(), DataKind::id, "kind"),
                    row.first(),
                    row.below(),
                    row.rest().get(0)));
        }
        table.requireRanges(DataKind.class, ranges.stream().map(Range::kind).toList(), DataKind::id);
        return List.copyOf(ranges);
    }
}
