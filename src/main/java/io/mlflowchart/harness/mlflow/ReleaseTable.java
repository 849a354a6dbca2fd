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
import java.util.function.Function;

/**
 * A table of facts by MLflow release range, one row a line: a key, the first release, the first release no longer
 * covered ({@code -}: up to the newest), then the row's other columns. Blank lines and {@code #} comments are skipped.
 * The tables beside this class ({@code data-kinds.txt}, {@code value-limits.txt}) share this shape.
 */
record ReleaseTable(String name, List<ReleaseTable.Row> rows) {

    /** {@code rest}: the columns after {@code below}, as many as the table asked for, the last one to the line's end. */
    record Row(String key, ReleaseNumber first, ReleaseNumber below, List<String> rest) {

        boolean covers(ReleaseNumber release) {
            return release.within(first, below);
        }
    }

    /** The lines of resource {@code name} beside {@code owner}. */
    static List<String> lines(Class<?> owner, String name) {
        InputStream in = owner.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(name + " is missing beside " + owner.getName());
        }
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return lines.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name, e);
        }
    }

    /** {@code columns} names every column, key first: a row with fewer fails naming them. */
    static ReleaseTable parse(String name, List<String> lines, List<String> columns) {
        List<Row> rows = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] values = line.strip().split("\\s+", columns.size());
            if (values.length < columns.size()) {
                throw new IllegalArgumentException(
                        name + ": want " + String.join(", ", columns.subList(0, columns.size() - 1)) + " and "
                                + columns.get(columns.size() - 1) + " in: " + line);
            }
            rows.add(new Row(
                    values[0],
                    ReleaseNumber.of(values[1]),
                    values[2].equals("-") ? null : ReleaseNumber.of(values[2]),
                    List.of(values).subList(3, values.length)));
        }
        return new ReleaseTable(name, List.copyOf(rows));
    }

    /** The constant of {@code values} whose {@code id} is the row's key; another key fails naming the allowed ones. */
    <E extends Enum<E>> E key(Row row, E[] values, Function<E, String> id, String what) {
        return Arrays.stream(values)
                .filter(value -> id.apply(value).equals(row.key()))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + ": no " + what + " '" + row.key()
                        + "' (allowed: " + Arrays.stream(values).map(id).toList() + ")"));
    }

    /** Fails naming every constant of {@code type} that is not {@code covered}: each needs a range. */
    <E extends Enum<E>> void requireRanges(Class<E> type, List<E> covered, Function<E, String> id) {
        Set<E> missing = EnumSet.allOf(type);
        covered.forEach(missing::remove);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(
                    name + ": no release range for " + missing.stream().map(id).toList());
        }
    }
}
