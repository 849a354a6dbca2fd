package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.util.Map;

/**
 * One step of a scenario: its kind and its parameters, validated and with defaults filled in. Values are
 * {@code String}, {@code Boolean}, {@link DatasetSpec} or {@link ChartSource}, as the kind's {@link Param} says.
 * {@code line} is where the step is written, for reports.
 */
public record Step(StepKind kind, Map<String, Object> params, int line) {

    public Step {
        params = Map.copyOf(params);
    }

    public String name() {
        return kind.name();
    }

    public String text(String param) {
        return (String) value(param);
    }

    public boolean flag(String param) {
        return (Boolean) value(param);
    }

    public DatasetSpec dataset(String param) {
        return (DatasetSpec) value(param);
    }

    public ChartSource chart(String param) {
        return (ChartSource) value(param);
    }

    public boolean has(String param) {
        return params.containsKey(param);
    }

    private Object value(String param) {
        if (kind.param(param).isEmpty()) {
            throw new IllegalArgumentException("step " + kind.name() + " has no parameter " + param + " (allowed: "
                    + String.join(", ", kind.paramNames()) + ")");
        }
        return params.get(param);
    }
}
