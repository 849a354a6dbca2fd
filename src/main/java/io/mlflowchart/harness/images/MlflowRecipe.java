package io.mlflowchart.harness.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The project's recipe for an MLflow image ({@code images/mlflow}): its Dockerfile, and {@code pins.txt}, which says
 * by release range which Python each release is built on and what pip must not install for it (the Dockerfile's
 * {@code pins.py} reads the same table). The harness reads the Python, to give the build a base that has it.
 */
public record MlflowRecipe(Path directory, List<Pin> pins) {

    private static final String PYTHON = "python==";

    /** One line of {@code pins.txt}: releases from {@code first} up to, not including, {@code below} (null: newest). */
    public record Pin(ReleaseNumber first, ReleaseNumber below, String requirement, String reason) {

        boolean covers(ReleaseNumber release) {
            return release.within(first, below);
        }
    }

    public static MlflowRecipe in(Path directory) {
        Path table = directory.resolve("pins.txt");
        try {
            return new MlflowRecipe(
                    directory,
                    Files.readAllLines(table).stream()
                            .filter(line -> !line.isBlank() && !line.startsWith("#"))
                            .map(line -> line.strip().split("\\s+", 4))
                            .map(columns -> new Pin(
                                    ReleaseNumber.of(columns[0]),
                                    columns[1].equals("-") ? null : ReleaseNumber.of(columns[1]),
                                    columns[2],
                                    columns[3]))
                            .toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MLflow image recipe's table " + table, e);
        }
    }

    /** The Python {@code version} is built on ({@code 3.11}); fails when the table names none for it. */
    public String pythonFor(String version) {
        return pinsFor(version).stream()
                .map(Pin::requirement)
                .filter(requirement -> requirement.startsWith(PYTHON))
                .map(requirement -> requirement.substring(PYTHON.length()))
                .findFirst()
                .orElseThrow(
                        () -> new IllegalArgumentException("MLflow " + version + ": " + directory.resolve("pins.txt")
                                + " names no Python for it; the recipe builds MLflow 2.0 and later"));
    }

    /** The table's lines that cover {@code version}, the Python included. */
    public List<Pin> pinsFor(String version) {
        ReleaseNumber release = ReleaseNumber.of(version);
        return pins.stream().filter(pin -> pin.covers(release)).toList();
    }
}
