package io.mlflowchart.harness.images;

/** The image an MLflow version runs from, its ID, and where it came from (for the report). */
public record ResolvedImage(String version, String reference, String id, String origin) {

    @Override
    public String toString() {
        return "MLflow " + version + ": image " + reference + " (" + id + "), " + origin;
    }
}
