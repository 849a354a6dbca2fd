package io.mlflowchart.harness.ops;

import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import io.mlflowchart.harness.timing.WaitClock;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operators' runbook, {@code make -f <makefile> <target>} run in the repository, exactly as a user runs it: same
 * Makefile, same variables, {@code KUBECONFIG} pointing at the cluster. Each target's output goes to a log
 * file; a failing target throws with its last lines.
 */
public record Runbook(Path repositoryRoot, Path makefile, Path kubeconfig, Path backupDir, Path logDir) {

    private static final Logger LOG = LoggerFactory.getLogger(Runbook.class);

    private static final Duration TIMEOUT = Duration.ofMinutes(15);

    /** What the runbook needs on the operator's machine (this project's make/ops/mlflow.mk says so in its header). */
    static final List<String> TOOLS = List.of("make", "bash", "kubectl", "helm");

    /** Runs a target against a release; {@code variables} are passed as {@code NAME=value} on the command line. */
    public String run(String target, String namespace, String release, Map<String, String> variables) {
        requireTools(System.getenv().getOrDefault("PATH", ""));
        List<String> command = new ArrayList<>(List.of(
                "make",
                "--no-print-directory",
                "-f",
                makefile.toString(),
                target,
                "NAMESPACE=" + namespace,
                "RELEASE=" + release,
                "BACKUP_DIR=" + backupDir));
        variables.forEach((name, value) -> command.add(name + "=" + value));
        Path log = logDir.resolve(target + "-" + namespace + ".log");
        try {
            Files.createDirectories(logDir);
            LOG.info("runbook: {}", String.join(" ", command));
            try (WaitClock.Waiting waiting = Waits.begin(waitsOn(target))) {
                return new ExternalCommand(command, TIMEOUT)
                        .in(repositoryRoot)
                        .withEnvironment("KUBECONFIG", kubeconfig.toString())
                        .runInto(log);
            }
        } catch (ExternalCommandException e) {
            if (e.timedOut()) {
                throw new IllegalStateException(
                        "runbook target " + target + " did not finish within " + TIMEOUT + " (log: " + log + ")");
            }
            List<String> lines = e.output().lines().toList();
            throw new IllegalStateException("runbook target " + target + " failed (exit " + e.exitCode() + ", log: "
                    + log + "):\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run make for runbook target " + target, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running runbook target " + target, e);
        }
    }

    /**
     * A target is one process the harness cannot look inside, so it counts whole as one wait: the checks
     * ({@code mlflow-pre-upgrade-check}, {@code mlflow-post-upgrade-check}) ask the serving MLflow (health, version,
     * schema, counts through its API), so they wait on MLflow; the others move data with helper pods and scale the
     * server down and up, so they wait on Kubernetes.
     */
    static WaitingOn waitsOn(String target) {
        return target.endsWith("-check") ? WaitingOn.MLFLOW : WaitingOn.KUBERNETES;
    }

    /** Fails before make starts, naming each missing tool, rather than deep in a target's log. */
    static void requireTools(String path) {
        List<String> missing = TOOLS.stream()
                .filter(tool -> Arrays.stream(path.split(File.pathSeparator))
                        .filter(directory -> !directory.isEmpty())
                        .noneMatch(directory -> Files.isExecutable(Path.of(directory, tool))))
                .toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("the operators' runbook needs " + String.join(", ", missing)
                    + " on PATH, as an operator would have them; install " + (missing.size() == 1 ? "it" : "them")
                    + " (kubectl and helm of the cluster's minor version or newer)");
        }
    }
}
