package io.mlflowchart.harness.process;

import java.time.Duration;
import java.util.List;

/**
 * An {@link ExternalCommand} that exited non-zero or was killed at its timeout, with what it wrote on stderr (or in
 * its log). The command line is as given: a caller that passes secrets words its own error rather than chain this.
 */
public class ExternalCommandException extends RuntimeException {

    private final List<String> command;

    private final int exitCode;

    private final boolean timedOut;

    private final String output;

    ExternalCommandException(List<String> command, int exitCode, String output) {
        this(command, exitCode, false, output, "exit " + exitCode);
    }

    ExternalCommandException(List<String> command, Duration timeout, String output) {
        this(command, -1, true, output, "no answer within " + timeout);
    }

    private ExternalCommandException(
            List<String> command, int exitCode, boolean timedOut, String output, String outcome) {
        super(String.join(" ", command) + " -> " + outcome + ": " + output.strip());
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.timedOut = timedOut;
        this.output = output;
    }

    public List<String> command() {
        return command;
    }

    /** The program's exit code; -1 when it was killed at the timeout. */
    public int exitCode() {
        return exitCode;
    }

    public boolean timedOut() {
        return timedOut;
    }

    /** Its stderr, or its log where stdout and stderr went together; up to the kill when it timed out. */
    public String output() {
        return output;
    }
}
