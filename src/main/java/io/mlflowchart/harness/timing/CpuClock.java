package io.mlflowchart.harness.timing;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads, from the start of a run, the CPU time the machine and the harness have used ({@link CpuUse}): Linux's
 * {@code /proc/stat} for the machine and {@code /proc/self/stat} for the commands this JVM ran, the JVM's own from
 * its management bean. Where there is no {@code /proc} (macOS, Windows) it reads nothing and a run records no CPU.
 */
public final class CpuClock {

    /** Linux's USER_HZ, the unit of /proc's times: 100 on every architecture the JDK runs on. */
    private static final long MILLIS_PER_TICK = 10;

    private static final Path MACHINE = Path.of("/proc/stat");

    private static final Path THIS_PROCESS = Path.of("/proc/self/stat");

    private final OperatingSystemMXBean jvm = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final Optional<Counters> start;

    private CpuClock() {
        start = read();
    }

    /** A clock started now. */
    public static CpuClock start() {
        return new CpuClock();
    }

    /** What was used since {@link #start}; empty where the counters cannot be read. */
    public Optional<CpuUse> sinceStart() {
        return start.flatMap(first -> read().map(now -> new CpuUse(
                jvm.getAvailableProcessors(),
                (now.machineTicks - first.machineTicks) * MILLIS_PER_TICK,
                (now.machineBusyTicks - first.machineBusyTicks) * MILLIS_PER_TICK,
                (now.jvmNanos - first.jvmNanos) / 1_000_000,
                (now.commandTicks - first.commandTicks) * MILLIS_PER_TICK)));
    }

    private Optional<Counters> read() {
        try {
            // cpu  user nice system idle iowait irq softirq steal ...: all cores together, in ticks.
            long[] machine = Arrays.stream(
                            Files.readAllLines(MACHINE).get(0).trim().split("\\s+"))
                    .skip(1)
                    .mapToLong(Long::parseLong)
                    .toArray();
            long all = Arrays.stream(machine).limit(8).sum();
            long idle = machine[3] + machine[4];
            // pid (comm) state ...: cutime and cstime, fields 16 and 17 of proc(5), are the CPU of the children this
            // process has waited for; counted from the field after the command name, which may hold spaces.
            String self = Files.readString(THIS_PROCESS);
            String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
            long commands = Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
            return Optional.of(new Counters(all, all - idle, jvm.getProcessCpuTime(), commands));
        } catch (IOException | RuntimeException noProc) {
            return Optional.empty();
        }
    }

    private record Counters(long machineTicks, long machineBusyTicks, long jvmNanos, long commandTicks) {}
}
