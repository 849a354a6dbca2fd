package io.mlflowchart.harness.images;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

/**
 * What a person watching a long {@code docker build} should see, read from its growing log: every build step as it
 * starts, and in between the newest line at most every {@link #QUIET} (pip's output runs to thousands of lines).
 */
final class BuildProgress {

    static final Duration QUIET = Duration.ofSeconds(30);

    /** A step of the classic builder ({@code Step 3/5 : RUN ...}) or of BuildKit ({@code #7 [3/5] RUN ...}). */
    private static final Pattern STEP = Pattern.compile("^(Step \\d+/\\d+ :|#\\d+ \\[.*\\d+/\\d+\\]).*");

    private final Path log;

    private final Consumer<String> progress;

    private final LongSupplier nanoTime;

    private long offset;

    private long lastShown;

    private String partial = "";

    BuildProgress(Path log, Consumer<String> progress) {
        this(log, progress, System::nanoTime);
    }

    BuildProgress(Path log, Consumer<String> progress, LongSupplier nanoTime) {
        this.log = log;
        this.progress = progress;
        this.nanoTime = nanoTime;
        this.lastShown = nanoTime.getAsLong();
    }

    /** Reads what the log gained since the last call; shows steps, and the newest other line when it has been quiet. */
    void readNewLines() throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        String added;
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            byte[] bytes = new byte[(int) Math.max(0, file.length() - offset)];
            file.seek(offset);
            file.readFully(bytes);
            offset += bytes.length;
            added = partial + new String(bytes, StandardCharsets.UTF_8);
        }
        int end = added.lastIndexOf('\n');
        partial = added.substring(end + 1);
        String newest = null;
        for (String line :
                added.substring(0, end + 1).lines().map(String::strip).toList()) {
            if (STEP.matcher(line).matches()) {
                show(line);
                newest = null;
            } else if (!line.isEmpty()) {
                newest = line;
            }
        }
        if (newest != null && nanoTime.getAsLong() - lastShown >= QUIET.toNanos()) {
            show(newest);
        }
    }

    private void show(String line) {
        progress.accept(line);
        lastShown = nanoTime.getAsLong();
    }
}
