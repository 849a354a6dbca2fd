package io.mlflowchart.harness.images;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

/**
 * MLflow's final releases (no release candidates, none whose files are all yanked), oldest first, and where that list
 * came from: what a scenario's {@code 2.22.x} (the last patch of 2.22) and a matrix's {@code next-minor} are resolved
 * against. From PyPI's JSON API, or from a pinned file of last patches for a run that cannot ask PyPI.
 */
public record ReleaseHistory(String source, List<String> releases) {

    /** {@code 2.22.x}: the newest patch of that minor. */
    public static final Pattern LAST_PATCH = Pattern.compile("(\\d+\\.\\d+)\\.x");

    private static final Pattern FINAL = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    public ReleaseHistory {
        releases = releases.stream()
                .sorted(Comparator.comparing(ReleaseNumber::of))
                .toList();
    }

    /** The releases of PyPI's answer for the project ({@code https://pypi.org/pypi/mlflow/json}). */
    public static ReleaseHistory fromPypi(JsonNode project, String source) {
        List<String> releases = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = project.path("releases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> release = it.next();
            boolean installable = StreamSupport.stream(release.getValue().spliterator(), false)
                    .anyMatch(file -> !file.path("yanked").asBoolean());
            if (FINAL.matcher(release.getKey()).matches() && installable) {
                releases.add(release.getKey());
            }
        }
        return new ReleaseHistory(source, releases);
    }

    /** A file of releases, one a line, {@code #} starting a comment: the pinned last patch of every minor. */
    public static ReleaseHistory fromPinFile(Path file) {
        try {
            List<String> releases = Files.readAllLines(file).stream()
                    .map(line -> line.replaceFirst("#.*", "").strip())
                    .filter(line -> !line.isEmpty())
                    .toList();
            releases.stream()
                    .filter(release -> !FINAL.matcher(release).matches())
                    .findFirst()
                    .ifPresent(bad -> {
                        throw new IllegalArgumentException(file + ": '" + bad + "' is not a release such as 2.22.5");
                    });
            return new ReleaseHistory("pinned in " + file, releases);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the pinned MLflow releases " + file, e);
        }
    }

    /** {@code 2.22.x}: the last patch of 2.22; any other version as given. */
    public String resolve(String version) {
        Matcher lastPatch = LAST_PATCH.matcher(version);
        return lastPatch.matches() ? lastPatchOf(lastPatch.group(1)) : version;
    }

    /** The newest release of {@code minor} ({@code 2.22}); fails naming the minors there are. */
    public String lastPatchOf(String minor) {
        ReleaseNumber wanted = ReleaseNumber.of(minor);
        return releases.stream()
                .filter(release -> minorOf(ReleaseNumber.of(release)).equals(wanted))
                .reduce((older, newer) -> newer)
                .orElseThrow(() -> new IllegalArgumentException("MLflow " + minor + ".x: no release of " + minor + " ("
                        + source + "; minors: " + String.join(", ", minors()) + ")"));
    }

    /** The last patch of the minor after {@code version}'s ({@code 3.9.0} -> the last 3.10, {@code 2.22.5} -> the last 3.0). */
    public String lastPatchOfNextMinor(String version) {
        ReleaseNumber minor = minorOf(ReleaseNumber.of(version));
        return minors().stream()
                .filter(other -> ReleaseNumber.of(other).compareTo(minor) > 0)
                .findFirst()
                .map(this::lastPatchOf)
                .orElseThrow(() -> new IllegalArgumentException("MLflow " + version + ": no minor release after "
                        + minor + " (" + source + ", the newest " + releases.get(releases.size() - 1) + ")"));
    }

    /** Every minor, oldest first ({@code 2.0}, {@code 2.1} ...). */
    public List<String> minors() {
        return releases.stream()
                .map(release -> minorOf(ReleaseNumber.of(release)).toString())
                .distinct()
                .toList();
    }

    private static ReleaseNumber minorOf(ReleaseNumber release) {
        return new ReleaseNumber(new int[] {release.parts()[0], release.parts()[1]});
    }
}
