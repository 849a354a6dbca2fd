package io.mlflowchart.harness.scenario;

import com.sun.management.OperatingSystemMXBean;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.lang.management.ManagementFactory;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfiguration;
import org.junit.platform.engine.support.hierarchical.ParallelExecutionConfigurationStrategy;

/**
 * How many scenarios run at once: {@code -Dscenario.parallelism=N}, or as many as this machine holds. Most of a
 * scenario's time is spent waiting (pods starting, probes, migrations), so a machine runs more scenarios than it has
 * cores; memory is the hard limit, as each concurrent scenario adds one to three MLflow pods to the shared cluster.
 * A JUnit strategy, so that a suite opts in with JUnit's own configuration parameters:
 *
 * <pre>
 * junit.jupiter.execution.parallel.enabled = true
 * junit.jupiter.execution.parallel.config.executor-service = worker_thread_pool
 * junit.jupiter.execution.parallel.config.strategy = custom
 * junit.jupiter.execution.parallel.config.custom.class = io.mlflowchart.harness.scenario.ScenarioParallelism
 * </pre>
 *
 * Only scenarios are concurrent ({@link ScenarioExecution} marks them so); test classes and a scenario's steps keep
 * JUnit's default, one after the other.
 */
public final class ScenarioParallelism implements ParallelExecutionConfigurationStrategy {

    public static final HarnessProperty SETTING = new HarnessProperty("scenario.parallelism", "auto");

    /**
     * Scenarios beyond the cores: one keeps the CPU busy while the others wait on pods. Measured on 2 cores: 3 at once
     * kept the CPU saturated; 4 only queued for it, until the cluster's DNS missed lookups.
     */
    static final int SCENARIOS_BEYOND_CORES = 1;

    /** The cluster, PostgreSQL, MinIO and this JVM, before any scenario. */
    static final long MEMORY_FOR_ENVIRONMENT = gibibytes(4);

    /** A prod scenario in the middle of an upgrade: two replicas, the migration Job and a helper pod. */
    static final long MEMORY_PER_SCENARIO = gibibytes(3);

    @Override
    public ParallelExecutionConfiguration createConfiguration(ConfigurationParameters parameters) {
        OperatingSystemMXBean machine = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        int scenarios = parallelism(
                SETTING.valueIn(Settings.ofThisProcess()),
                machine.getAvailableProcessors(),
                machine.getTotalMemorySize());
        return new Configuration(scenarios);
    }

    /** {@code setting}: a positive number, or {@code auto} for what {@code cores} and {@code memoryBytes} hold. */
    static int parallelism(String setting, int cores, long memoryBytes) {
        if (setting.equals("auto")) {
            long byMemory = (memoryBytes - MEMORY_FOR_ENVIRONMENT) / MEMORY_PER_SCENARIO;
            return (int) Math.max(1, Math.min(cores + SCENARIOS_BEYOND_CORES, byMemory));
        }
        try {
            int scenarios = Integer.parseInt(setting.strip());
            if (scenarios >= 1) {
                return scenarios;
            }
        } catch (NumberFormatException notANumber) {
            // refused below, with the fix
        }
        throw new IllegalArgumentException(
                "-D" + SETTING.name() + "=" + setting + " (or " + SETTING.environmentVariable()
                        + "): give how many scenarios may run at once, a number of at least 1 (1 runs them one after the"
                        + " other), or auto for what this machine holds");
    }

    private static long gibibytes(long n) {
        return n << 30;
    }

    /**
     * {@code parallelism} workers at a time, as JUnit's own fixed strategy gives; its spare threads stand in for
     * workers that block waiting on their children.
     */
    private record Configuration(int parallelism) implements ParallelExecutionConfiguration {

        @Override
        public int getParallelism() {
            return parallelism;
        }

        @Override
        public int getMinimumRunnable() {
            return parallelism;
        }

        @Override
        public int getMaxPoolSize() {
            return parallelism + 256;
        }

        @Override
        public int getCorePoolSize() {
            return parallelism;
        }

        @Override
        public int getKeepAliveSeconds() {
            return 30;
        }
    }
}
