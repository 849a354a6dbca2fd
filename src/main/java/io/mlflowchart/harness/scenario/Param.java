package io.mlflowchart.harness.scenario;

import java.util.List;

/**
 * A parameter a {@link StepKind} accepts. {@code allowed} lists the values of a {@link Type#CHOICE};
 * {@code defaultValue} is what an optional parameter left out means (null: absent).
 */
public record Param(
        String name, Type type, List<String> allowed, boolean required, Object defaultValue, String description) {

    public enum Type {
        STRING("a string"),
        BOOLEAN("true or false"),
        CHOICE("one of the allowed values"),
        VERSION("an MLflow version such as 2.9.2, or 2.22.x for the last patch of 2.22"),
        CHART("working-tree, git:<ref> or <path>.tgz"),
        DATASET("a dataset size name or a map of DatasetSpec fields");

        final String expected;

        Type(String expected) {
            this.expected = expected;
        }
    }

    public static Param required(String name, Type type, String description) {
        return new Param(name, type, List.of(), true, null, description);
    }

    public static Param optional(String name, Type type, String description) {
        return new Param(name, type, List.of(), false, null, description);
    }

    public static Param flag(String name, boolean defaultValue, String description) {
        return new Param(name, Type.BOOLEAN, List.of(), false, defaultValue, description);
    }

    /** An optional choice defaulting to the first allowed value. */
    public static Param choice(String name, String description, String... allowed) {
        return new Param(name, Type.CHOICE, List.of(allowed), false, allowed[0], description);
    }

    public static Param requiredChoice(String name, String description, String... allowed) {
        return new Param(name, Type.CHOICE, List.of(allowed), true, null, description);
    }
}
