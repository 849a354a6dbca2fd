package io.mlflowchart.harness.timing;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Where the code that waits says what it waits on: {@code Waits.on(KUBERNETES, () -> rollout.awaitComplete(...))}.
 * The wait points sit deep (Rollout, OneShotPod, MlflowClient), so the step's {@link WaitClock} is bound to the
 * step's thread rather than passed down to them; on a thread with none bound (a unit test, the shared environment's
 * start, a thread a wait point runs work on) they only run the wait. A wait is measured on the thread that waits for
 * it: Awaitility's polls and Helm's thread in {@code ChartRelease} run elsewhere, their callers block meanwhile.
 */
public final class Waits {

    private static final ThreadLocal<WaitClock> CLOCK = new ThreadLocal<>();

    private Waits() {}

    /** Runs {@code wait}, counting it as waiting {@code on} for the step running on this thread, if any. */
    public static <T> T on(WaitingOn on, Supplier<T> wait) {
        try (WaitClock.Waiting waiting = begin(on)) {
            return wait.get();
        }
    }

    /**
     * Starts a wait on {@code on} for the step running on this thread, if any, until the result is closed: for a wait
     * that throws checked exceptions, in try-with-resources.
     */
    public static WaitClock.Waiting begin(WaitingOn on) {
        WaitClock clock = CLOCK.get();
        return clock == null ? () -> {} : clock.begin(on);
    }

    public static void on(WaitingOn on, Runnable wait) {
        on(on, () -> {
            wait.run();
            return null;
        });
    }

    /** {@link WaitClock#reattribute} on this thread's clock, if any. */
    public static void reattribute(Duration part, WaitingOn from, WaitingOn to) {
        WaitClock clock = CLOCK.get();
        if (clock != null) {
            clock.reattribute(part, from, to);
        }
    }

    /**
     * Starts a clock for a step and binds it to this thread, until {@link Step#stop}. A step runs wholly on one
     * thread, but the next step of the same scenario may run on another: a clock is bound per step, not per scenario.
     */
    public static Step startStep() {
        WaitClock clock = new WaitClock(System::nanoTime);
        CLOCK.set(clock);
        return new Step(clock);
    }

    /** A step's clock, bound to the step's thread. */
    public static final class Step {

        private final WaitClock clock;

        private Step(WaitClock clock) {
            this.clock = clock;
        }

        /**
         * Unbinds the clock from this thread and returns the split of the step, which took {@code wallMillis}; may be
         * called more than once.
         */
        public TimeSplit stop(long wallMillis) {
            if (CLOCK.get() == clock) {
                CLOCK.remove();
            }
            return clock.split(wallMillis);
        }
    }
}
