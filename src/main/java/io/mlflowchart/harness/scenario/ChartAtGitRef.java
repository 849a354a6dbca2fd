package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The chart at {@code chartInRepository} as committed at a git ref, extracted under target/ (the build's own folder),
 * into a folder of its own each time: scenarios running at once may ask for the same ref.
 */
record ChartAtGitRef(Path repositoryRoot, Path chartInRepository, String ref) {

    /** Ample: archiving one chart takes seconds; the bound is for a git that hangs (a lock, a credential prompt). */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    Path extract() {
        try {
            Path target = Files.createTempDirectory(
                    Files.createDirectories(repositoryRoot.resolve("target/charts-at-git-refs")),
                    ref.replaceAll("[^A-Za-z0-9.-]", "_") + "-");
            new ExternalCommand(
                            List.of(
                                    "sh",
                                    "-c",
                                    "git -C \"$0\" archive --format=tar \"$1\" \"$3\" | tar -x -C \"$2\"",
                                    repositoryRoot.toString(),
                                    ref,
                                    target.toString(),
                                    chartInRepository.toString()),
                            TIMEOUT)
                    .run();
            return target.resolve(chartInRepository);
        } catch (ExternalCommandException e) {
            throw new IllegalStateException("could not read " + chartInRepository + " at git ref " + ref + ": "
                    + (e.timedOut() ? "no answer within " + TIMEOUT + "; " : "") + e.output());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
