package io.mlflowchart.harness.timing;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Records, for one step, how long it waited on Kubernetes and on MLflow. Used by one thread only, the step's
 * ({@link Waits} binds it there), so it needs no locks.
 *
 * <p>Waits nest (a rollout inside a Helm upgrade, a health request inside waiting for a server): the innermost wait
 * wins. It knows best what is being waited on; the outer wait gets only the time no inner wait covers, so no
 * moment is counted twice and the waits never add up to more than the wall time.
 */
public final class WaitClock {

    private final LongSupplier nanoTime;

    private final Map<WaitingOn, Long> waited = new EnumMap<>(WaitingOn.class);

    /** The waits under way, innermost first, each with the moment its own (uncovered) time last started. */
    private final Deque<OpenWait> open = new ArrayDeque<>();

    /** {@code nanoTime}: {@link System#nanoTime} but in tests. */
    WaitClock(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        for (WaitingOn on : WaitingOn.values()) {
            waited.put(on, 0L);
        }
    }

    /** Runs {@code wait}, counting its time (less that of waits inside it) as waiting {@code on}. */
    public <T> T waitingOn(WaitingOn on, Supplier<T> wait) {
        try (Waiting waiting = begin(on)) {
            return wait.get();
        }
    }

    /**
     * Starts a wait on {@code on}; it ends when the returned {@link Waiting} is closed (with try-with-resources, so
     * waits close in the order they opened).
     */
    public Waiting begin(WaitingOn on) {
        long now = nanoTime.getAsLong();
        OpenWait outer = open.peek();
        if (outer != null) {
            add(outer.on, now - outer.since);
        }
        OpenWait self = new OpenWait(on, now);
        open.push(self);
        return () -> end(self);
    }

    private void end(OpenWait self) {
        if (open.peek() != self) {
            throw new IllegalStateException("a wait on " + self.on + " ended while an inner one was still open");
        }
        long now = nanoTime.getAsLong();
        open.pop();
        add(self.on, now - self.since);
        OpenWait resumed = open.peek();
        if (resumed != null) {
            resumed.since = now;
        }
    }

    /**
     * Moves {@code part} of what was counted as waiting {@code from} to waiting {@code to}: what a wait learns
     * afterwards about its inside, such as how long the migration Job's container ran within Helm's --wait. Never
     * more than was counted.
     */
    public void reattribute(Duration part, WaitingOn from, WaitingOn to) {
        long moved = Math.min(Math.max(0, part.toNanos()), waited.get(from));
        add(from, -moved);
        add(to, moved);
    }

    /**
     * The split of a step that took {@code wallMillis}: its waits (one still under way counts up to now), and the
     * rest as the harness's own time, so the three add up to exactly the step's duration.
     */
    public TimeSplit split(long wallMillis) {
        long now = nanoTime.getAsLong();
        Map<WaitingOn, Long> sofar = new EnumMap<>(waited);
        OpenWait innermost = open.peek();
        if (innermost != null) {
            sofar.merge(innermost.on, now - innermost.since, Long::sum);
        }
        long kubernetes = millis(sofar.get(WaitingOn.KUBERNETES));
        long mlflow = millis(sofar.get(WaitingOn.MLFLOW));
        return new TimeSplit(kubernetes, mlflow, Math.max(0, wallMillis - kubernetes - mlflow));
    }

    private void add(WaitingOn on, long nanos) {
        waited.merge(on, nanos, Long::sum);
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** A wait under way; {@link #close()} ends it. */
    @FunctionalInterface
    public interface Waiting extends AutoCloseable {

        @Override
        void close();
    }

    private static final class OpenWait {

        private final WaitingOn on;

        private long since;

        private OpenWait(WaitingOn on, long since) {
            this.on = on;
            this.since = since;
        }
    }
}
