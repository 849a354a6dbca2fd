package io.mlflowchart.harness.scenario;

/** One thing wrong with a scenario file, located for the person who has to fix it. */
public record Problem(String file, int line, String field, String message) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + field + ": " + message;
    }
}
