package io.mlflowchart.harness.scenario;

/** Where a {@link StepKind}'s checks report what is wrong with a step as written; the loader adds file and line. */
public interface StepProblems {

    /** A problem with the step as a whole, e.g. where it stands. */
    void add(String message);

    /** A problem with one of its parameters. */
    void add(String param, String message);
}
