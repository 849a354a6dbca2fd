package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodeProcessKillTest {

    private static final String TASKS = """
            TASK                                                                PID      STATUS
            0f3c9e1d2b7a4c5e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6    4121     RUNNING
            9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9    3877     STOPPED
            """;

    @Test
    void findsTheHostPidOfTheRunningTask() {
        assertThat(NodeProcessKill.pidOf(TASKS, "0f3c9e1d2b7a4c5e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f6"))
                .hasValue(4121);
    }

    @Test
    void findsNoPidForAStoppedTaskNorForOneNotListed() {
        assertThat(NodeProcessKill.pidOf(TASKS, "9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9"))
                .isEmpty();
        assertThat(NodeProcessKill.pidOf(TASKS, "0f3c9e1d")).isEmpty();
    }
}
