package io.mlflowchart.harness.cluster;

import io.mlflowchart.harness.cluster.ClusterImages.Hold;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Which imported images something still holds, and in what order the others may go when a node needs room: the one
 * held least recently first, as the images of a finished upgrade pair are the least likely to be asked for again.
 */
final class ImageHolds {

    private final Map<String, Integer> holders = new HashMap<>();

    /** When each image was last held or let go, as a count of holds: a clock that cannot tie. */
    private final Map<String, Long> lastUse = new HashMap<>();

    private long clock;

    /** Holds {@code images} (each once, however often listed) until the returned hold is closed. */
    synchronized Hold hold(Collection<String> images) {
        List<String> held = images.stream().distinct().toList();
        held.forEach(image -> {
            holders.merge(image, 1, Integer::sum);
            lastUse.put(image, ++clock);
        });
        AtomicBoolean closed = new AtomicBoolean();
        return () -> {
            if (closed.compareAndSet(false, true)) {
                release(held);
            }
        };
    }

    private synchronized void release(List<String> images) {
        images.forEach(image -> {
            holders.computeIfPresent(image, (key, count) -> count == 1 ? null : count - 1);
            lastUse.put(image, ++clock);
        });
    }

    synchronized boolean isHeld(String image) {
        return holders.containsKey(image);
    }

    /** Those of {@code candidates} nothing holds, least recently used first; never held comes before any other. */
    synchronized List<String> removable(Collection<String> candidates) {
        return candidates.stream()
                .distinct()
                .filter(image -> !holders.containsKey(image))
                .sorted(Comparator.comparingLong(image -> lastUse.getOrDefault(image, 0L)))
                .toList();
    }
}
