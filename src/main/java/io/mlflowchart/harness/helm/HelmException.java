package io.mlflowchart.harness.helm;

import java.util.List;

/** A Helm command that failed or did not finish, with what Helm said on stderr. */
public class HelmException extends RuntimeException {

    private final List<String> command;
    private final int exitCode;
    private final String stderr;

    HelmException(List<String> command, int exitCode, String stderr) {
        super(String.join(" ", command) + " -> exit " + exitCode + ": " + stderr.strip());
        this.command = List.copyOf(command);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    HelmException(String message) {
        super(message);
        this.command = List.of();
        this.exitCode = -1;
        this.stderr = "";
    }

    /** The command line as logged: values of secret-looking {@code --set} keys are redacted. */
    public List<String> command() {
        return command;
    }

    /** Helm's exit code; -1 when it was stopped at the timeout or could not be started. */
    public int exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
