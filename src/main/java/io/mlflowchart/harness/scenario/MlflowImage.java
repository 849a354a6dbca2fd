package io.mlflowchart.harness.scenario;

/**
 * The MLflow a scenario runs: a version, and an image when the version's default image will not do. Both null:
 * whatever the chart's values default to.
 */
public record MlflowImage(String version, String image) {

    public static MlflowImage chartDefault() {
        return new MlflowImage(null, null);
    }

    /** A release, whose image the harness finds, pulls or builds ({@code images.MlflowImages}). */
    public static MlflowImage ofVersion(String version) {
        return new MlflowImage(version, null);
    }

    /** How reports name it: {@code chart default}, the version, or the image when no version is given. */
    public String label() {
        return isChartDefault() ? "chart default" : version != null ? version : image;
    }

    public boolean isChartDefault() {
        return version == null && image == null;
    }
}
