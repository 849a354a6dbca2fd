package io.mlflowchart.harness.helm;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;

/** A release as Helm recorded it ({@code helm status -o json}, or the output of an install/upgrade). */
public record ReleaseStatus(String name, String namespace, int revision, String status, String notes) {

    static ReleaseStatus parse(String json) {
        try {
            JsonNode release = Mappers.JSON.readTree(json);
            return new ReleaseStatus(
                    release.path("name").asText(),
                    release.path("namespace").asText(),
                    release.path("version").asInt(),
                    release.path("info").path("status").asText(),
                    release.path("info").path("notes").asText());
        } catch (IOException e) {
            throw new UncheckedIOException("Helm printed a release that is not JSON: " + json, e);
        }
    }
}
