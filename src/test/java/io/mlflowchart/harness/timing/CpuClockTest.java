package io.mlflowchart.harness.timing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.process.ExternalCommand;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The CPU a run used, read from Linux's /proc: the only place the harness's CI and users' Docker hosts give it. */
@EnabledOnOs(OS.LINUX)
class CpuClockTest {

    @Test
    void countsTheJvmsOwnCpuAndThatOfTheCommandsItWaitedFor() throws Exception {
        CpuClock clock = CpuClock.start();

        // 300 ms of this thread's CPU time, however busy the machine is.
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long spin = 0;
        long until = threads.getCurrentThreadCpuTime() + 300_000_000L;
        while (threads.getCurrentThreadCpuTime() < until) {
            spin += Long.numberOfTrailingZeros(spin + System.nanoTime());
        }
        new ExternalCommand(
                        List.of("sh", "-c", "i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done"), Duration.ofMinutes(1))
                .run();
        CpuUse used = clock.sinceStart().orElseThrow();

        assertThat(spin).isPositive();
        assertThat(used.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(used.harnessMillis()).as("300 ms spinning, and more").isGreaterThanOrEqualTo(300);
        assertThat(used.commandsMillis()).as("the shell's loop").isPositive();
        assertThat(used.machineBusyMillis())
                .as("the machine was busy with both at least")
                .isGreaterThanOrEqualTo(used.harnessMillis() + used.commandsMillis() - 50)
                .isLessThanOrEqualTo(used.machineMillis());
    }
}
