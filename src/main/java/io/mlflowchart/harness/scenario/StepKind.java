package io.mlflowchart.harness.scenario;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** A kind of scenario step, the parameters it takes and the profiles it makes sense for. */
public record StepKind(String name, String description, List<Param> params, Set<Profile> profiles) {

    public StepKind {
        params = List.copyOf(params);
        profiles = Set.copyOf(profiles);
    }

    static StepKind of(String name, String description, Param... params) {
        return new StepKind(name, description, List.of(params), EnumSet.allOf(Profile.class));
    }

    StepKind onlyFor(Profile profile) {
        return new StepKind(name, description, params, EnumSet.of(profile));
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<String> paramNames() {
        return params.stream().map(Param::name).toList();
    }
}
