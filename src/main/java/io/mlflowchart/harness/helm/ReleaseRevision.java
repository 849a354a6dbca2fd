package io.mlflowchart.harness.helm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One line of {@code helm history -o json}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReleaseRevision(
        @JsonProperty("revision") int revision,
        @JsonProperty("status") String status,
        @JsonProperty("chart") String chart,
        @JsonProperty("app_version") String appVersion,
        @JsonProperty("description") String description) {}
