package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.scenario.Profile;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepKind;
import io.mlflowchart.harness.scenario.StepPlacement;
import io.mlflowchart.harness.scenario.StepProblems;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * A fault of the prod profile's PostgreSQL or S3 store, which the harness can only cause on backends of the
 * scenario's own ({@code backends: dedicated}): stopping the shared ones would break every other scenario.
 */
abstract class BackendFault extends StepKind {

    /** How long MLflow has to serve again once the backend is back. */
    static final Duration RECOVERY = Duration.ofSeconds(60);

    BackendFault(String name, String description) {
        super(name, description);
    }

    @Override
    public Set<Profile> profiles() {
        return EnumSet.of(Profile.PROD);
    }

    @Override
    public String placement() {
        return "after install, on a release no destroy removed, with backends: dedicated";
    }

    @Override
    public void check(Step step, StepPlacement placement, StepProblems problems) {
        super.check(step, placement, problems);
        placement.whyBackendsShared().ifPresent(problems::add);
    }
}
