package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.images.ReleaseNumber;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The kinds of data one MLflow release serves, read from {@code data-kinds.txt} beside this class: a table of
 * release ranges, each with where its API is, so adding a kind or a release is editing data.
 */
public record DataKinds(Set<DataKind> kinds) {

    /** One line of the table: {@code kind} from {@code first} up to, not including, {@code below} (null: newest). */
    public record Range(DataKind kind, ReleaseNumber first, ReleaseNumber below, String source) {}

    private static final String TABLE = "data-kinds.txt";

    private static final List<Range> RANGES = read();

    /** The base dataset only: for writes that test something else (an outage, a restart) and count on its shape. */
    public static final DataKinds BASE = new DataKinds(Set.of());

    public DataKinds {
        kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
    }

    /** The kinds {@code version} ({@code 2.9.2}, {@code 3.17.2}, as {@code /version} answers) serves. */
    public static DataKinds servedBy(String version) {
        return servedBy(version, RANGES);
    }

    static DataKinds servedBy(String version, List<Range> ranges) {
        ReleaseNumber release = ReleaseNumber.of(version);
        return new DataKinds(ranges.stream()
                .filter(range -> release.within(range.first(), range.below()))
                .map(Range::kind)
                .collect(Collectors.toSet()));
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
        InputStream in = DataKinds.class.getResourceAsStream(TABLE);
        if (in == null) {
            throw new IllegalStateException(TABLE + " is missing beside " + DataKinds.class.getName());
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return parse(lines.lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + TABLE, e);
        }
    }

    /** The ranges in {@code lines}; a kind the enum lacks, or one the table lacks, fails naming it. */
    static List<Range> parse(List<String> lines) {
        List<Range> ranges = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] columns = line.strip().split("\\s+", 4);
            if (columns.length < 4) {
                throw new IllegalArgumentException(TABLE + ": want kind, first, below and source in: " + line);
            }
            DataKind kind = Arrays.stream(DataKind.values())
                    .filter(k -> k.id().equals(columns[0]))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(TABLE + ": no kind '" + columns[0] + "' (allowed: "
                            + Arrays.stream(DataKind.values()).map(DataKind::id).toList() + ")"));
            ranges.add(new Range(
                    kind,
                    ReleaseNumber.of(columns[1]),
                    columns[2].equals("-") ? null : ReleaseNumber.of(columns[2]),
                    columns[3]));
        }
        Set<DataKind> missing = EnumSet.allOf(DataKind.class);
        ranges.forEach(range -> missing.remove(range.kind()));
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(TABLE + ": no release range for "
                    + missing.stream().map(DataKind::id).toList());
        }
        return List.copyOf(ranges);
    }
}
