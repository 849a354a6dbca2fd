package io.mlflowchart.harness.report;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Which part of a split run a report holds ({@code -Dshard=i/n}): of {@code count} shards, those whose scenarios it
 * holds, and those it should hold and does not. A shard's own run holds itself; a merge of shards' reports holds those
 * it was given and names the rest as missing; a run that was not split is shard 1 of 1.
 */
@JsonPropertyOrder({"count", "included", "missing"})
public record Shards(int count, List<Integer> included, List<Integer> missing) {

    /** A run that was not split. */
    public static final Shards WHOLE = new Shards(1, List.of(1), List.of());

    public Shards {
        included = List.copyOf(included);
        missing = List.copyOf(missing);
    }

    /** Shard {@code index} (from 1) of {@code count}, run on its own. */
    public static Shards one(int index, int count) {
        return new Shards(count, List.of(index), List.of());
    }

    /** A merge of the shards {@code found} of {@code count}: every other one is missing. */
    public static Shards merged(int count, Collection<Integer> found) {
        return new Shards(
                count,
                found.stream().sorted().distinct().toList(),
                IntStream.rangeClosed(1, count)
                        .filter(index -> !found.contains(index))
                        .boxed()
                        .toList());
    }

    public boolean split() {
        return count > 1;
    }

    /** {@code shard 2/3}, {@code shards 1, 2, 3 of 3}, {@code shards 1, 3 of 3 (shard 2 MISSING)}. */
    public String describe() {
        String text = included.size() == 1
                ? "shard " + included.get(0) + "/" + count
                : "shards " + list(included) + " of " + count;
        return missing.isEmpty()
                ? text
                : text + " (" + (missing.size() == 1 ? "shard " : "shards ") + list(missing) + " MISSING)";
    }

    private static String list(List<Integer> indexes) {
        return indexes.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
