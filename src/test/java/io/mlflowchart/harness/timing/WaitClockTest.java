package io.mlflowchart.harness.timing;

import static io.mlflowchart.harness.timing.WaitingOn.KUBERNETES;
import static io.mlflowchart.harness.timing.WaitingOn.MLFLOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recorder on a clock the test moves by hand: every number below is exact. */
class WaitClockTest {

    /** Milliseconds, as the nanosecond clock the recorder reads. */
    private long now;

    private final WaitClock clock = new WaitClock(() -> now * 1_000_000);

    private void elapse(long millis) {
        now += millis;
    }

    @Test
    void splitsAStepIntoItsWaitsAndTheRest() {
        elapse(100);
        clock.waitingOn(KUBERNETES, () -> {
            elapse(700);
            return null;
        });
        elapse(50);
        clock.waitingOn(MLFLOW, () -> {
            elapse(150);
            return null;
        });

        assertThat(clock.split(1_000)).isEqualTo(new TimeSplit(700, 150, 150));
    }

    @Test
    void countsANestedWaitOnceTheInnermostWinning() {
        clock.waitingOn(KUBERNETES, () -> {
            elapse(100);
            clock.waitingOn(MLFLOW, () -> {
                elapse(300);
                clock.waitingOn(KUBERNETES, () -> {
                    elapse(40);
                    return null;
                });
                elapse(10);
                return null;
            });
            elapse(200);
            return null;
        });

        assertThat(clock.split(650)).isEqualTo(new TimeSplit(340, 310, 0));
    }

    @Test
    void endsAWaitThatThrowsAndCountsItsTime() {
        assertThatThrownBy(() -> clock.waitingOn(KUBERNETES, () -> {
                    elapse(80);
                    throw new IllegalStateException("rollout timed out");
                }))
                .hasMessage("rollout timed out");
        elapse(20);

        assertThat(clock.split(100)).isEqualTo(new TimeSplit(80, 0, 20));
    }

    @Test
    void countsAWaitStillUnderWayUpToNow() {
        clock.begin(MLFLOW);
        elapse(30);

        assertThat(clock.split(30)).isEqualTo(new TimeSplit(0, 30, 0));
    }

    @Test
    void refusesToEndAnOuterWaitBeforeAnInnerOne() {
        WaitClock.Waiting outer = clock.begin(KUBERNETES);
        clock.begin(MLFLOW);

        assertThatThrownBy(outer::close).hasMessageContaining("inner one was still open");
    }

    @Test
    void movesWhatAWaitLearnsAboutItsInsideButNoMoreThanWasCounted() {
        clock.waitingOn(KUBERNETES, () -> {
            elapse(500);
            return null;
        });

        clock.reattribute(Duration.ofMillis(200), KUBERNETES, MLFLOW);
        assertThat(clock.split(500)).isEqualTo(new TimeSplit(300, 200, 0));

        clock.reattribute(Duration.ofSeconds(10), KUBERNETES, MLFLOW);
        assertThat(clock.split(500)).isEqualTo(new TimeSplit(0, 500, 0));
    }

    @Test
    void countsOnlyTheWaitsOfTheStepBoundToTheWaitingThread() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch bothWaiting = new CountDownLatch(2);
        try {
            Future<TimeSplit> waitsOnKubernetes = threads.submit(() -> step(KUBERNETES, bothWaiting));
            Future<TimeSplit> waitsOnMlflow = threads.submit(() -> step(MLFLOW, bothWaiting));

            TimeSplit kubernetes = waitsOnKubernetes.get(10, TimeUnit.SECONDS);
            TimeSplit mlflow = waitsOnMlflow.get(10, TimeUnit.SECONDS);

            assertThat(kubernetes.kubernetesMillis()).isGreaterThanOrEqualTo(50);
            assertThat(kubernetes.mlflowMillis()).isZero();
            assertThat(mlflow.mlflowMillis()).isGreaterThanOrEqualTo(50);
            assertThat(mlflow.kubernetesMillis()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void leavesAThreadWithoutAStepUncountedAndUnbindsAStoppedOne() throws Exception {
        assertThat(Waits.on(KUBERNETES, () -> "ran")).isEqualTo("ran");

        Waits.Step step = Waits.startStep();
        TimeSplit stopped = step.stop(0);
        Waits.on(MLFLOW, () -> pause(20));

        assertThat(step.stop(20)).isEqualTo(stopped.plus(new TimeSplit(0, 0, 20)));
    }

    /** A step on this thread that waits 50 ms on {@code on} while the other thread's step waits too. */
    private static TimeSplit step(WaitingOn on, CountDownLatch bothWaiting) {
        Waits.Step step = Waits.startStep();
        long start = System.nanoTime();
        Waits.on(on, () -> {
            bothWaiting.countDown();
            await(bothWaiting);
            pause(50);
        });
        return step.stop((System.nanoTime() - start) / 1_000_000);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Time passing on a real thread: what a wait is. */
    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
