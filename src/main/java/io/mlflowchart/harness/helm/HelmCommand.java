package io.mlflowchart.harness.helm;

import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import io.mlflowchart.harness.timing.WaitClock;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One invocation of the Helm CLI: its arguments, a timeout, and the run that turns it into stdout or a {@link HelmException}. */
final class HelmCommand {

    private static final Logger LOG = LoggerFactory.getLogger(HelmCommand.class);

    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(password|secret|token|accesskey|access-key|credential).*");

    private static final List<String> SET_FLAGS = List.of("--set", "--set-string");

    /** Verbs that change a cluster are logged at INFO; renders, lints and reads at DEBUG (the gate runs hundreds). */
    private static final Set<String> CHANGES_CLUSTER = Set.of("install", "upgrade", "rollback", "uninstall", "test");

    private final Path binary;
    private final List<String> args = new ArrayList<>();
    private Duration timeout = Duration.ofMinutes(2);

    HelmCommand(Path binary, String... verb) {
        this.binary = binary;
        args.addAll(List.of(verb));
    }

    HelmCommand add(String... more) {
        args.addAll(List.of(more));
        return this;
    }

    /** Helm's own --timeout (waits, hooks) plus a margin, so Helm reports its timeout before this process is killed. */
    HelmCommand timeout(Duration helmTimeout) {
        this.timeout = helmTimeout.plusMinutes(1);
        return add("--timeout", helmTimeout.toSeconds() + "s");
    }

    String run() {
        List<String> commandLine = new ArrayList<>();
        commandLine.add(binary.toString());
        commandLine.addAll(args);
        List<String> logged = redacted(commandLine);
        if (CHANGES_CLUSTER.contains(args.get(0))) {
            LOG.info("{}", String.join(" ", logged));
        } else {
            LOG.debug("{}", String.join(" ", logged));
        }
        try {
            if (!waitsForTheCluster()) {
                return new ExternalCommand(commandLine, timeout).run();
            }
            try (WaitClock.Waiting waiting = Waits.begin(WaitingOn.KUBERNETES)) {
                return new ExternalCommand(commandLine, timeout).run();
            }
        } catch (ExternalCommandException e) {
            // Not chained: its command line is the unredacted one.
            throw new HelmException(
                    logged,
                    e.exitCode(),
                    e.timedOut() ? "no answer within " + timeout + "; " + e.output() : e.output());
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", logged), e);
        } catch (InterruptedException e) {
            // ExternalCommand has killed Helm: whoever interrupted gave up on this change (pods in trouble, Ctrl-C).
            Thread.currentThread().interrupt();
            throw new HelmException(logged, -1, "interrupted");
        }
    }

    /**
     * Helm waiting for resources ({@code --wait}) or for test pods is waiting on Kubernetes; a render, lint or read is
     * the harness's own work.
     */
    private boolean waitsForTheCluster() {
        return args.contains("--wait") || args.get(0).equals("test");
    }

    /** The command line with the values of password-, secret- and key-like --set entries masked. */
    static List<String> redacted(List<String> commandLine) {
        List<String> out = new ArrayList<>(commandLine.size());
        for (int i = 0; i < commandLine.size(); i++) {
            String arg = commandLine.get(i);
            boolean isSetValue = i > 0 && SET_FLAGS.contains(commandLine.get(i - 1));
            out.add(isSetValue ? redactedAssignments(arg) : arg);
        }
        return out;
    }

    private static String redactedAssignments(String assignments) {
        List<String> parts = new ArrayList<>();
        for (String assignment : assignments.split(",")) {
            int eq = assignment.indexOf('=');
            boolean secret =
                    eq > 0 && SECRET_KEY.matcher(assignment.substring(0, eq)).matches();
            parts.add(secret ? assignment.substring(0, eq + 1) + "*****" : assignment);
        }
        return String.join(",", parts);
    }
}
