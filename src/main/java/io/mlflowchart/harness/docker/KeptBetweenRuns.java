package io.mlflowchart.harness.docker;

import org.testcontainers.lifecycle.Startable;

/** A container the run may leave running for the next one ({@link Reuse#KEEP_BETWEEN_RUNS}) instead of stopping it. */
public interface KeptBetweenRuns extends Startable {

    /** Closes what this process holds on the container (clients, files) and leaves the container running. */
    void leaveRunning();

    /** The Docker container's id, for the message that says what was kept. */
    String getContainerId();
}
