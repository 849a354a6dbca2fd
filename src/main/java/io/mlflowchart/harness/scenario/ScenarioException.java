package io.mlflowchart.harness.scenario;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in the scenario files, reported together so one edit fixes them all. */
public class ScenarioException extends RuntimeException {

    private final List<Problem> problems;

    public ScenarioException(List<Problem> problems) {
        super(problems.size() + " problem(s) in scenario files:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
