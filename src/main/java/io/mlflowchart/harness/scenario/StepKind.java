package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One kind of scenario step, whole: its name, what it does in a sentence, the parameters it takes, the profiles it
 * makes sense for, the rules of where it may stand, and its action. The loader's checks, the {@link StepCatalogue}
 * and the step table of scenarios/README.md all come from here. A new kind of step is one more subclass, listed in
 * {@code META-INF/services/io.mlflowchart.harness.scenario.StepKind} (of the engine, or of a jar that adds steps).
 */
public abstract class StepKind {

    private final String name;

    private final String description;

    private final List<Param> params;

    protected StepKind(String name, String description, Param... params) {
        this.name = name;
        this.description = description;
        this.params = List.of(params);
    }

    public final String name() {
        return name;
    }

    public final String description() {
        return description;
    }

    public final List<Param> params() {
        return params;
    }

    public final Optional<Param> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    public final List<String> paramNames() {
        return params.stream().map(Param::name).toList();
    }

    /** The profiles this kind makes sense for: all, unless a kind says otherwise. */
    public Set<Profile> profiles() {
        return EnumSet.allOf(Profile.class);
    }

    /** Where the step may stand, in words, for scenarios/README.md; {@link #check} enforces it. */
    public String placement() {
        return "after install, on a release no destroy removed";
    }

    /**
     * The loader's checks beyond each parameter's own type and allowed values: where the step may stand and values
     * that only some profiles allow. By default a step needs a release to act on: an install before it, and no
     * destroy since without a restore into a fresh release.
     */
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        placement.whyNoRelease().ifPresent(problems::add);
    }

    /**
     * Does what the step does to {@code run}; returns the data counts it observed, or null. Throws {@link StepFailure}
     * when what it checks is not so, and any other exception when it could not do its work.
     */
    public abstract DataSnapshot.Counts run(ScenarioRun run, Step step) throws Exception;

    @Override
    public String toString() {
        return name;
    }
}
