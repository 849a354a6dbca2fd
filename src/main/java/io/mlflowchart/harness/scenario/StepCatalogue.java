package io.mlflowchart.harness.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Every kind of step a scenario may use, in the order README.md lists them: the engine's own and any that a jar on
 * the class path adds, found as {@link ServiceLoader} finds {@link StepKind}s.
 */
public final class StepCatalogue {

    public static final List<StepKind> KINDS = load();

    private StepCatalogue() {}

    public static Optional<StepKind> find(String name) {
        return find(KINDS, name);
    }

    public static List<String> names() {
        return KINDS.stream().map(StepKind::name).toList();
    }

    /** The step table of scenarios/README.md, as the kinds declare themselves. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder(
                "| Step | What it does | Parameters | Profiles | Where it may stand |\n|---|---|---|---|---|\n");
        for (StepKind kind : KINDS) {
            String profiles = kind.profiles().size() == Profile.values().length
                    ? "all"
                    : kind.profiles().stream().map(Profile::yamlName).sorted().collect(Collectors.joining(", "));
            table.append("| `")
                    .append(kind.name())
                    .append("` | ")
                    .append(kind.description())
                    .append(" | ")
                    .append(
                            kind.params().isEmpty()
                                    ? "none"
                                    : kind.params().stream()
                                            .map(StepCatalogue::markdown)
                                            .collect(Collectors.joining(", ")))
                    .append(" | ")
                    .append(profiles)
                    .append(" | ")
                    .append(kind.placement())
                    .append(" |\n");
        }
        return table.toString();
    }

    /** {@code `into`: `fresh-release` \| `same-release` (required)}, {@code `parts`: `all` (default) \| `database`}. */
    private static String markdown(Param param) {
        List<String> values = param.type() == Param.Type.CHOICE
                ? param.allowed()
                : param.type() == Param.Type.BOOLEAN
                        ? List.of(String.valueOf(param.defaultValue()), String.valueOf(!(Boolean) param.defaultValue()))
                        : List.of();
        String shown = values.stream()
                .map(value ->
                        "`" + value + "`" + (value.equals(String.valueOf(param.defaultValue())) ? " (default)" : ""))
                .collect(Collectors.joining(" \\| "));
        return "`" + param.name() + "`" + (shown.isEmpty() ? "" : ": " + shown)
                + (param.required() ? " (required)" : "");
    }

    private static List<StepKind> load() {
        List<StepKind> kinds = new ArrayList<>();
        for (StepKind kind : ServiceLoader.load(StepKind.class)) {
            find(kinds, kind.name()).ifPresent(twin -> {
                throw new IllegalStateException("two step kinds are named " + kind.name() + ": "
                        + twin.getClass().getName() + " and " + kind.getClass().getName());
            });
            kinds.add(kind);
        }
        return List.copyOf(kinds);
    }

    private static Optional<StepKind> find(List<StepKind> kinds, String name) {
        return kinds.stream().filter(kind -> kind.name().equals(name)).findFirst();
    }
}
