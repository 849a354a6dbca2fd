package io.mlflowchart.harness.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A program the harness runs to its end, or kills at a timeout:
 * {@code new ExternalCommand(List.of("make", "-f", makefile, target), timeout).in(root).runInto(log)}. Its output
 * goes to files rather than pipes: no reader threads, and a chatty program cannot block on a full pipe. A non-zero
 * exit or the timeout throws {@link ExternalCommandException}, from which each caller words its own error.
 */
public final class ExternalCommand {

    /** How long a command asked to stop may take before it is killed, and a killed one before it is seen gone. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /**
     * The commands running now in this JVM. A run stopped from outside (Ctrl-C, CI's timeout) interrupts no test thread,
     * so a JVM shutdown hook stops these: a make, kubectl or Helm must not outlive the run that started it.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ExternalCommand::stopAll, "external-commands-shutdown"));
    }

    private final List<String> commandLine;

    private final Duration timeout;

    private final Map<String, String> environment = new LinkedHashMap<>();

    private File directory;

    public ExternalCommand(List<String> commandLine, Duration timeout) {
        this.commandLine = List.copyOf(commandLine);
        this.timeout = timeout;
    }

    /** The working directory; the harness's own when not given. */
    public ExternalCommand in(Path directory) {
        this.directory = directory.toFile();
        return this;
    }

    /** A variable set on top of the environment the program inherits from the harness. */
    public ExternalCommand withEnvironment(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs it with stdout and stderr in temporary files; returns stdout, and a failure carries stderr. */
    public String run() throws IOException, InterruptedException {
        String program = Path.of(commandLine.get(0)).getFileName().toString();
        Path stdout = null;
        Path stderr = null;
        try {
            stdout = Files.createTempFile(program + "-stdout-", ".txt");
            stderr = Files.createTempFile(program + "-stderr-", ".txt");
            awaitSuccess(processBuilder().redirectOutput(stdout.toFile()).redirectError(stderr.toFile()), stderr);
            return read(stdout);
        } finally {
            deleteQuietly(stdout);
            deleteQuietly(stderr);
        }
    }

    /** Runs it with stdout and stderr together in {@code log}, which stays; returns the log, as a failure carries it. */
    public String runInto(Path log) throws IOException, InterruptedException {
        awaitSuccess(processBuilder().redirectErrorStream(true).redirectOutput(log.toFile()), log);
        return read(log);
    }

    private ProcessBuilder processBuilder() {
        ProcessBuilder builder = new ProcessBuilder(commandLine).directory(directory);
        builder.environment().putAll(environment);
        return builder;
    }

    private void awaitSuccess(ProcessBuilder builder, Path errors) throws IOException, InterruptedException {
        Process process = builder.start();
        RUNNING.add(process);
        boolean finished;
        try {
            finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            // Whoever interrupted gave up on the command (a Helm wait that cannot succeed, Ctrl-C): it must not go on.
            kill(process);
            throw e;
        } finally {
            RUNNING.remove(process);
        }
        if (!finished) {
            kill(process);
            throw new ExternalCommandException(commandLine, timeout, read(errors));
        }
        if (process.exitValue() != 0) {
            throw new ExternalCommandException(commandLine, process.exitValue(), read(errors));
        }
    }

    /** Stops every command running now, as at a JVM shutdown; their callers see them fail. */
    static void stopAll() {
        for (Process process : RUNNING) {
            try {
                kill(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * The process and what it started (make's recipes, the two sides of a pipe under sh): asked to stop (SIGTERM,
     * on which Helm marks its release failed rather than leaving it pending), then killed if still there, waiting
     * until they are gone.
     */
    private static void kill(Process process) throws InterruptedException {
        List<ProcessHandle> started = process.descendants().toList();
        started.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
        }
        for (ProcessHandle handle : started) {
            handle.destroyForcibly();
            try {
                handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException notSeenToExit) {
                // Killed all the same; whoever reaps it is not us.
            }
        }
    }

    /** Leniently: a program's output need not be UTF-8, and a failure must not be lost to a decoding error. */
    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A leftover temp file is not worth failing a command for.
            }
        }
    }
}
