package io.mlflowchart.harness.images;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.StreamSupport;

/**
 * What PyPI's JSON API says about the releases of {@code mlflow}: a version the harness is asked to build must be one
 * PyPI has, with files not all yanked, and no older than the recipe's first, or it fails at once saying why. Java's
 * HTTP client takes a proxy from {@code -Dhttps.proxyHost}/{@code -Dhttps.proxyPort} where a network needs one.
 */
public record PypiReleases(URI project) {

    public static final URI MLFLOW = URI.create("https://pypi.org/pypi/mlflow/json");

    /** The oldest release the recipe builds. */
    static final ReleaseNumber OLDEST = ReleaseNumber.of("2.0");

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** Returns when PyPI has {@code version} to install; throws {@link UnavailableRelease} naming why not. */
    public void requireInstallable(String version) {
        if (ReleaseNumber.of(version).compareTo(OLDEST) < 0) {
            throw new UnavailableRelease(version, "older than " + OLDEST + ", the oldest release the recipe builds");
        }
        JsonNode project = fetch(version);
        String newest = project.path("info").path("version").asText();
        JsonNode files = project.path("releases").path(version);
        if (files.isMissingNode()) {
            throw new UnavailableRelease(
                    version,
                    "PyPI has no such release of mlflow ("
                            + project.path("releases").size() + " releases, the newest " + newest + "; " + this.project
                            + " lists them)");
        }
        if (files.isEmpty()
                || StreamSupport.stream(files.spliterator(), false)
                        .allMatch(file -> file.path("yanked").asBoolean())) {
            throw new UnavailableRelease(version, "PyPI lists the release but has no installable file of it (yanked)");
        }
    }

    /** Every final release PyPI lists now; fails naming why when PyPI cannot be asked. */
    public ReleaseHistory history() {
        try {
            return ReleaseHistory.fromPypi(answer(), project.toString());
        } catch (Unreachable e) {
            throw new IllegalStateException("MLflow's releases: " + e.getMessage(), e);
        }
    }

    private JsonNode fetch(String version) {
        try {
            return answer();
        } catch (Unreachable e) {
            throw new UnavailableRelease(version, e.getMessage());
        }
    }

    private JsonNode answer() throws Unreachable {
        try {
            HttpResponse<String> response = HttpClient.newBuilder()
                    .connectTimeout(TIMEOUT)
                    .proxy(ProxySelector.getDefault())
                    .build()
                    .send(
                            HttpRequest.newBuilder(project).timeout(TIMEOUT).build(),
                            HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new Unreachable(
                        "PyPI answered " + response.statusCode() + " to " + project + ", cannot check it");
            }
            return Mappers.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new Unreachable("cannot reach PyPI to check it (" + project + ": " + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking PyPI " + project, e);
        }
    }

    /** PyPI did not answer, or not with the project. */
    private static final class Unreachable extends Exception {

        Unreachable(String why) {
            super(why);
        }
    }

    /** An MLflow release the harness cannot get an image of, and why. */
    public static final class UnavailableRelease extends RuntimeException {

        public UnavailableRelease(String version, String why) {
            super("MLflow " + version + ": " + why);
        }
    }
}
