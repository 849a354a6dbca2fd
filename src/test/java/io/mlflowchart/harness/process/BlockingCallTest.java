package io.mlflowchart.harness.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A blocking call on a thread of its own, with something done every so often meanwhile. */
class BlockingCallTest {

    private static final Duration OFTEN = Duration.ofMillis(20);

    @Test
    void returnsTheCallsResultAfterDoingTheOtherThingMeanwhile() {
        AtomicInteger looks = new AtomicInteger();

        String result = BlockingCall.run(
                "slow",
                () -> {
                    Thread.sleep(200);
                    return "done";
                },
                OFTEN,
                looks::incrementAndGet);

        assertThat(result).isEqualTo("done");
        assertThat(looks).hasValueGreaterThan(1);
    }

    @Test
    void aFailureMeanwhileInterruptsTheCallAndIsThrownOn() throws Exception {
        CountDownLatch interrupted = new CountDownLatch(1);

        assertThatIllegalArgumentException()
                .isThrownBy(() -> BlockingCall.run(
                        "endless",
                        () -> {
                            try {
                                Thread.sleep(60_000);
                            } catch (InterruptedException e) {
                                interrupted.countDown();
                            }
                            return null;
                        },
                        OFTEN,
                        () -> {
                            throw new IllegalArgumentException("trouble");
                        }))
                .withMessage("trouble");
        assertThat(interrupted.await(10, TimeUnit.SECONDS))
                .as("the call was interrupted")
                .isTrue();
    }

    @Test
    void throwsTheCallsOwnFailureUncheckedAsItIsAndCheckedInside() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> BlockingCall.run(
                        "failing",
                        () -> {
                            throw new IllegalArgumentException("bad input");
                        },
                        OFTEN,
                        () -> {}))
                .withMessage("bad input");
        assertThatIllegalStateException()
                .isThrownBy(() -> BlockingCall.run(
                        "writing",
                        () -> {
                            throw new IOException("disk full");
                        },
                        OFTEN,
                        () -> {}))
                .withMessage("writing failed: java.io.IOException: disk full")
                .withCauseInstanceOf(IOException.class);
    }
}
