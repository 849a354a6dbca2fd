package io.mlflowchart.harness.timing;

/**
 * The CPU a run used, against what the machine had: {@code cores} busy for {@code machineBusyMillis} of the
 * {@code machineMillis} they could give (cores × elapsed), of which the harness's JVM used {@code harnessMillis} and
 * the commands it ran and waited for (Helm, kubectl, the runbook's make and its children) {@code commandsMillis}; the
 * rest went to the cluster, its pods, the services and whatever else ran on the machine. When the machine is busy
 * nearly all the time, the run is bound by CPU: waits grow with every scenario added at once, and only more cores or
 * more machines ({@code -Dshard=i/n}) shorten it.
 */
public record CpuUse(int cores, long machineMillis, long machineBusyMillis, long harnessMillis, long commandsMillis) {

    /** Busy time over available time: 1.0 when every core was busy all the time. */
    public double machineBusyShare() {
        return machineMillis == 0 ? 0 : (double) machineBusyMillis / machineMillis;
    }

    /** Two runs' use together, such as the shards of one run, each on its own machine. */
    public CpuUse plus(CpuUse other) {
        return new CpuUse(
                cores + other.cores,
                machineMillis + other.machineMillis,
                machineBusyMillis + other.machineBusyMillis,
                harnessMillis + other.harnessMillis,
                commandsMillis + other.commandsMillis);
    }
}
