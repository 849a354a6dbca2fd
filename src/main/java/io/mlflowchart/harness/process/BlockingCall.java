package io.mlflowchart.harness.process;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A call that blocks until a process it runs ends (Helm's {@code --wait}, a runbook target, {@code docker build}),
 * made on a thread of its own so that the caller's thread can do something else every so often meanwhile: look at
 * the pods the process waits for, read the process's log.
 */
public final class BlockingCall {

    private BlockingCall() {}

    /**
     * Runs {@code call} on a thread named {@code name} and, every {@code period} until it returns, {@code meanwhile} on
     * this one. An exception {@code meanwhile} throws cancels {@code call}, interrupting it (which stops an {@link
     * ExternalCommand}), and is thrown on; an unchecked one {@code call} throws is thrown as it is, a checked one inside
     * an {@link IllegalStateException}.
     */
    public static <T> T run(String name, Callable<T> call, Duration period, Runnable meanwhile) {
        ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> new Thread(runnable, name));
        try {
            Future<T> result = thread.submit(call);
            while (true) {
                try {
                    return result.get(period.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException stillRunning) {
                    try {
                        meanwhile.run();
                    } catch (RuntimeException stop) {
                        result.cancel(true);
                        throw stop;
                    }
                }
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime
                    ? runtime
                    : new IllegalStateException(name + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + name, e);
        } finally {
            thread.shutdownNow();
        }
    }
}
