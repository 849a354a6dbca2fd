package io.mlflowchart.harness.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What steps leave for the report besides their outcome: files among the scenario's diagnostics (the log of a
 * migration Job that failed, say), and a note on what the step that just ran observed.
 */
public final class Evidence {

    private final Path directory;

    private String note;

    Evidence(Path directory) {
        this.directory = directory;
    }

    /** A text file for the report, {@code fileName} relative to the scenario's diagnostics folder. */
    public void save(String fileName, String content) {
        try {
            Path file = directory.resolve(fileName);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + fileName + " into " + directory, e);
        }
    }

    /** What the step observed beyond counts (an expected failure, say), shown in the report. */
    public void note(String text) {
        note = text;
    }

    /** The note of the step that just ran, if any; read once. */
    String takeNote() {
        String text = note;
        note = null;
        return text;
    }
}
