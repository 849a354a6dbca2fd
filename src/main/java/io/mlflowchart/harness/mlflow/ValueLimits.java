package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.images.ReleaseNumber;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The longest value, in characters, one MLflow release keeps in each field that has a limit, on every database the
 * chart runs it on (SQLite and PostgreSQL): the smaller of what its validator accepts and what its column holds.
 * Read from {@code value-limits.txt} beside this class, with the source of each number.
 */
public record ValueLimits(Map<ValueLimits.Field, Integer> lengths) {

    /** A field whose values MLflow limits. */
    public enum Field {
        PARAM_VALUE,
        RUN_TAG_VALUE,
        EXPERIMENT_TAG_VALUE,
        REGISTERED_MODEL_TAG_VALUE,
        MODEL_VERSION_TAG_VALUE;

        /** The field's name in the table: {@code param-value}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One line of the table: {@code field} holds {@code length} characters from {@code first} up to {@code below}. */
    public record Range(Field field, ReleaseNumber first, ReleaseNumber below, int length, String source) {}

    private static final String TABLE = "value-limits.txt";

    private static final List<Range> RANGES = parse(ReleaseTable.lines(ValueLimits.class, TABLE));

    public ValueLimits {
        lengths = lengths.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(lengths));
    }

    /** The limits of {@code version} ({@code 2.9.2}); a release before the table's first has none. */
    public static ValueLimits of(String version) {
        return of(version, RANGES);
    }

    static ValueLimits of(String version, List<Range> ranges) {
        ReleaseNumber release = ReleaseNumber.of(version);
        Map<Field, Integer> lengths = new EnumMap<>(Field.class);
        for (Range range : ranges) {
            if (release.within(range.first(), range.below()) && lengths.put(range.field(), range.length()) != null) {
                throw new IllegalArgumentException(
                        TABLE + ": two ranges of " + range.field().id() + " cover " + version);
            }
        }
        return new ValueLimits(lengths);
    }

    /** Every line of the table, in its order. */
    public static List<Range> table() {
        return RANGES;
    }

    /** The longest value {@code field} keeps. */
    public int length(Field field) {
        Integer length = lengths.get(field);
        if (length == null) {
            throw new IllegalStateException("no limit of " + field.id() + " for this release in " + TABLE);
        }
        return length;
    }

    /** The ranges in {@code lines}; a field the enum lacks, or one the table lacks, fails naming it. */
    static List<Range> parse(List<String> lines) {
        ReleaseTable table = ReleaseTable.parse(TABLE, lines, List.of("field", "first", "below", "length", "source"));
        List<Range> ranges = new ArrayList<>();
        for (ReleaseTable.Row row : table.rows()) {
            ranges.add(new Range(
                    table.key(row, Field.values(), Field::id, "field"),
                    row.first(),
                    row.below(),
                    Integer.parseInt(row.rest().get(0)),
                    row.rest().get(1)));
        }
        table.requireRanges(Field.class, ranges.stream().map(Range::field).toList(), Field::id);
        return List.copyOf(ranges);
    }
}
