package io.mlflowchart.harness.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runbook's shell passes shellcheck: every finding fails the build, named file:line. */
class RunbookShellcheckTest {

    private static final Path SCRIPTS = Path.of("make/ops/scripts");

    @TempDir
    Path work;

    @Test
    void runbookShellHasNoShellcheckFinding() throws Exception {
        boolean installed = Arrays.stream(
                        System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(directory -> !directory.isEmpty() && Files.isExecutable(Path.of(directory, "shellcheck")));
        if (!installed) {
            fail("shellcheck is not on PATH: the runbook's shell (" + SCRIPTS + "/*.sh) is checked with it in every"
                    + " build. Install it: apt-get install -y shellcheck (Debian, Ubuntu), dnf install ShellCheck"
                    + " (Fedora), brew install shellcheck (macOS)");
        }
        List<String> command = new ArrayList<>(List.of("shellcheck", "--format=gcc", "--external-sources"));
        try (Stream<Path> files = Files.list(SCRIPTS)) {
            files.filter(file -> file.toString().endsWith(".sh"))
                    .sorted()
                    .forEach(file -> command.add(file.toString()));
        }
        assertThat(command).as("shell scripts under " + SCRIPTS).hasSizeGreaterThan(3);
        Path log = work.resolve("shellcheck.log");
        try {
            new ExternalCommand(command, Duration.ofMinutes(2)).runInto(log);
        } catch (ExternalCommandException e) {
            fail("shellcheck found problems in the runbook's shell (file:line:column: level: message [code]):\n"
                    + e.output());
        }
    }
}
