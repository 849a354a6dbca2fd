package io.mlflowchart.harness.images;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A long build shows each step as it starts and otherwise one line every half minute, not pip's thousands. */
class BuildProgressTest {

    @TempDir
    Path directory;

    @Test
    void showsStepsAtOnceAndTheNewestOtherLineWhenItHasBeenQuiet() throws Exception {
        Path log = directory.resolve("build.log");
        List<String> shown = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        BuildProgress progress = new BuildProgress(log, shown::add, now::get);

        append(log, "Step 1/12 : ARG BASE=python:3.11-slim\nStep 5/12 : RUN set -eu; pip install\nCollecting mlflow\n");
        progress.readNewLines();
        append(log, "Collecting alembic\nDownloading sqlalchemy-2.0.44 (3.2 MB)\nInstalling coll");
        now.addAndGet(BuildProgress.QUIET.toNanos() - 1);
        progress.readNewLines();
        now.addAndGet(1);
        append(log, "ected packages: mlflow\n");
        progress.readNewLines();

        assertThat(shown)
                .containsExactly(
                        "Step 1/12 : ARG BASE=python:3.11-slim",
                        "Step 5/12 : RUN set -eu; pip install",
                        "Installing collected packages: mlflow");
    }

    @Test
    void showsBuildKitStepsToo() throws Exception {
        Path log = directory.resolve("build.log");
        List<String> shown = new ArrayList<>();
        append(log, "#7 [3/4] RUN set -eu; pip install\n#7 12.3 Collecting mlflow\n");

        new BuildProgress(log, shown::add, () -> 0).readNewLines();

        assertThat(shown).containsExactly("#7 [3/4] RUN set -eu; pip install");
    }

    private static void append(Path log, String text) throws Exception {
        Files.writeString(log, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
