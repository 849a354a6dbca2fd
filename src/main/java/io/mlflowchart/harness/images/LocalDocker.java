package io.mlflowchart.harness.images;

import com.github.dockerjava.api.exception.NotFoundException;
import io.mlflowchart.harness.process.BlockingCall;
import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.testcontainers.DockerClientFactory;

/** The local Docker engine as the {@code docker} CLI drives it: which images it has, pulling and building one. Not final: tests stand in for the engine. */
public class LocalDocker {

    private static final Duration PULL = Duration.ofMinutes(15);

    private static final Duration BUILD = Duration.ofMinutes(30);

    /** How often a running build's log is read for progress. */
    private static final Duration PROGRESS_POLL = Duration.ofSeconds(5);

    /**
     * The image's ID ({@code sha256:...}) when the engine has it, asked through Testcontainers' client as every other
     * question to the engine is; fails as Testcontainers does when there is no engine.
     */
    public Optional<String> imageId(String reference) {
        try {
            return Optional.of(DockerClientFactory.instance()
                    .client()
                    .inspectImageCmd(reference)
                    .exec()
                    .getId());
        } catch (NotFoundException notThere) {
            return Optional.empty();
        }
    }

    public void pull(String reference, Path log) {
        run(List.of("docker", "pull", reference), PULL, log, line -> {});
    }

    /**
     * {@code docker build} of {@code context} with {@code buildArguments}, tagged {@code tag}; its output goes to {@code
     * log}, and each line worth a person's attention to {@code progress} while it runs.
     */
    public void build(
            Path context, Map<String, String> buildArguments, String tag, Path log, Consumer<String> progress) {
        List<String> command = new ArrayList<>(List.of("docker", "build", "--tag", tag));
        buildArguments.forEach((name, value) -> command.addAll(List.of("--build-arg", name + "=" + value)));
        command.add(context.toString());
        run(command, BUILD, log, progress);
    }

    private static void run(List<String> command, Duration timeout, Path log, Consumer<String> progress) {
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + log, e);
        }
        BuildProgress reader = new BuildProgress(log, progress);
        BlockingCall.run(
                String.join(" ", command),
                () -> {
                    try {
                        return new ExternalCommand(command, timeout).runInto(log);
                    } catch (ExternalCommandException failed) {
                        List<String> lines = failed.output().lines().toList();
                        throw new IllegalStateException(String.join(" ", command) + " failed (log: " + log + "):\n"
                                + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
                    }
                },
                PROGRESS_POLL,
                () -> {
                    try {
                        reader.readNewLines();
                    } catch (IOException e) {
                        throw new UncheckedIOException("cannot read " + log, e);
                    }
                });
    }
}
