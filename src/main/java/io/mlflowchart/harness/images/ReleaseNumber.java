package io.mlflowchart.harness.images;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric part of an MLflow release ({@code 2.9.2} of {@code 2.9.2}, {@code 3.0.0} of {@code 3.0.0rc1}), compared
 * part by part. A shorter number is a prefix: {@code 2.9} is the range of 2.9.0, 2.9.1, 2.9.2...
 */
public record ReleaseNumber(int[] parts) implements Comparable<ReleaseNumber> {

    private static final Pattern NUMERIC = Pattern.compile("\\d+(\\.\\d+)*");

    public static ReleaseNumber of(String text) {
        Matcher numeric = NUMERIC.matcher(text);
        if (!numeric.lookingAt()) {
            throw new IllegalArgumentException("not an MLflow release number: " + text);
        }
        return new ReleaseNumber(Arrays.stream(numeric.group().split("\\."))
                .mapToInt(Integer::parseInt)
                .toArray());
    }

    /** Whether this release is at or after {@code first} and, unless null, before {@code below}, as prefixes. */
    public boolean within(ReleaseNumber first, ReleaseNumber below) {
        return truncatedTo(first).compareTo(first) >= 0
                && (below == null || truncatedTo(below).compareTo(below) < 0);
    }

    private ReleaseNumber truncatedTo(ReleaseNumber other) {
        return new ReleaseNumber(Arrays.copyOf(parts, Math.min(parts.length, other.parts.length)));
    }

    @Override
    public int compareTo(ReleaseNumber other) {
        return Arrays.compare(parts, other.parts);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReleaseNumber number && Arrays.equals(parts, number.parts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return String.join(".", Arrays.stream(parts).mapToObj(Integer::toString).toList());
    }
}
