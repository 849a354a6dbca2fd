package io.mlflowchart.harness.services;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.GenericContainer;

/**
 * The server process of a container, which can be stopped and started again while the container runs: the container's
 * first process is a shell loop that runs the image's own entrypoint and command, and runs them again whenever the
 * server ends, unless it is held down. Restarting the container instead would give it another address on the
 * network and other published ports (Docker assigns both anew, and another container may take the old address
 * meanwhile): every route pods and this host take to it stays valid, so a fault tests the server's clients, not the
 * route.
 */
public final class ServerProcess {

    /** While this file exists, the loop does not start the server again. */
    private static final String HELD = "/tmp/server-held";

    private static final String PID = "/tmp/server.pid";

    private static final String LOOP =
            "while :; do while [ -e " + HELD + " ]; do sleep 0.2; done; \"$@\" & echo $! > " + PID + "; wait $!; done";

    private final GenericContainer<?> container;

    private final String signal;

    private ServerProcess(GenericContainer<?> container, String signal) {
        this.container = container;
        this.signal = signal;
    }

    /**
     * Runs the container's server under the loop, from its next start; {@code signal} stops the server as its own
     * operators do (PostgreSQL's fast shutdown is {@code INT}, as {@code pg_ctl restart} does by default).
     */
    public static ServerProcess of(GenericContainer<?> container, String signal) {
        container.withCreateContainerCmdModifier(create -> {
            List<String> entrypoint = new ArrayList<>(List.of("sh", "-c", LOOP, "server-loop"));
            entrypoint.addAll(imageEntrypoint(create.getImage()));
            create.withEntrypoint(entrypoint);
        });
        return new ServerProcess(container, signal);
    }

    private static List<String> imageEntrypoint(String image) {
        String[] entrypoint = DockerClientFactory.instance()
                .client()
                .inspectImageCmd(image)
                .exec()
                .getConfig()
                .getEntrypoint();
        return entrypoint == null ? List.of() : List.of(entrypoint);
    }

    /**
     * Stops the server and keeps it stopped, waiting up to a minute for it to end: it refuses connections on the
     * address and ports that stay.
     */
    public void holdDown() {
        exec("touch " + HELD + "; pid=$(cat " + PID + "); kill -" + signal + " $pid; i=0; "
                + "while kill -0 $pid 2>/dev/null; do i=$((i+1)); if [ $i -gt 600 ]; then "
                + "echo \"the server (pid $pid) still runs 60 s after SIG" + signal
                + "\" >&2; exit 1; fi; sleep 0.1; done");
    }

    /** Lets the loop start the server again; the caller waits until it serves. */
    public void release() {
        exec("rm -f " + HELD);
    }

    private void exec(String script) {
        try {
            ExecResult result = container.execInContainer("sh", "-c", script);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("'" + script + "' in " + container.getContainerName() + " exited "
                        + result.getExitCode() + ": "
                        + Optional.ofNullable(result.getStderr()).orElse("").strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run '" + script + "' in " + container.getContainerName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + script + "'", e);
        }
    }
}
