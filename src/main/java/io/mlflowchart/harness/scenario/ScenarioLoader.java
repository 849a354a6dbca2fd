package io.mlflowchart.harness.scenario;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.images.ReleaseNumber;
import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads {@code scenarios/*.yaml} and validates every file completely before anything starts: unknown, missing
 * and mistyped fields, unknown steps and parameters, values outside their allowed set. All problems of all files
 * come back in one {@link ScenarioException}, each as {@code file:line: field: problem (allowed: ...)}.
 */
public final class ScenarioLoader {

    private static final List<String> FIELDS = List.of(
            "name",
            "description",
            "tier",
            "profile",
            "backends",
            "cluster",
            "chart",
            "mlflow",
            "matrix",
            "dataset",
            "values",
            "traffic",
            "steps");
    private static final List<String> MATRIX_FIELDS = List.of("from", "to");
    private static final List<String> CLUSTER_FIELDS = List.of("nodes");
    private static final List<String> MLFLOW_FIELDS = List.of("version", "image");
    private static final String DURING = "during";
    private static final List<String> TRAFFIC_FIELDS = List.of(DURING, TrafficPlan.NO_FAILED_READ);
    private static final String DATASET_BASE = "size";
    private static final String DEFAULT_DATASET = "small";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");
    /** A release ({@code 2.9.2}), or {@code 2.22.x}: the last patch of 2.22, resolved when a run starts. */
    static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.(\\d+([.+-][0-9A-Za-z.+-]+)?|x)");

    private final Path repositoryRoot;

    /** {@code repositoryRoot}: where relative paths to packaged charts start. */
    public ScenarioLoader(Path repositoryRoot) {
        this.repositoryRoot = repositoryRoot;
    }

    /** Every {@code *.yaml} in {@code directory}, sorted by name; names must be unique. */
    public List<Scenario> loadAll(Path directory) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(f -> f.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + directory, e);
        }
        List<Problem> problems = new ArrayList<>();
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            try {
                scenarios.add(load(file));
            } catch (ScenarioException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
        return scenarios;
    }

    public Scenario load(Path file) {
        try {
            return parse(file, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read scenario " + file, e);
        }
    }

    /** {@code file} names the source in problems and must be called {@code <name>.yaml}. */
    public Scenario parse(Path file, String yaml) {
        LocatedTree tree;
        try {
            tree = LocatedTree.parse(yaml);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 1 : e.getLocation().getLineNr();
            throw new ScenarioException(List.of(new Problem(
                    file.toString(),
                    line,
                    "(yaml)",
                    e.getOriginalMessage().replaceAll("\\s*\n\\s*", " ").trim())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FileCheck(file, tree).scenario();
    }

    /** The checks of one file, collecting problems instead of stopping at the first. */
    private final class FileCheck {

        private final Path file;
        private final LocatedTree tree;
        private final List<Problem> problems = new ArrayList<>();

        FileCheck(Path file, LocatedTree tree) {
            this.file = file;
            this.tree = tree;
        }

        Scenario scenario() {
            JsonNode root = tree.root();
            if (!root.isObject()) {
                problem(
                        JsonPointer.empty(),
                        "(file)",
                        "expected a map of scenario fields (allowed: " + String.join(", ", FIELDS) + ")");
                throw new ScenarioException(problems);
            }
            tree.duplicateKeys().forEach(at -> problem(at, label(at), "given more than once"));
            unknownFields(root, JsonPointer.empty(), "", FIELDS);
            JsonPointer top = JsonPointer.empty();

            String name = required(root, top, "name", this::name);
            String description = required(root, top, "description", this::text);
            Profile profile = required(
                    root,
                    top,
                    "profile",
                    (at) -> choice(at, "profile", Profile.yamlNames())
                            .map(p -> Profile.valueOf(p.toUpperCase(java.util.Locale.ROOT)))
                            .orElse(null));
            Backends backends =
                    optional(root, top, "backends", at -> backends(at, profile)).orElse(Backends.SHARED);
            ChartSource chart = optional(root, top, "chart", this::chart).orElse(new ChartSource.WorkingTree());
            MlflowImage mlflow = optional(root, top, "mlflow", this::mlflow).orElse(MlflowImage.chartDefault());
            DatasetSpec dataset =
                    optional(root, top, "dataset", this::dataset).orElse(DatasetSpec.named(DEFAULT_DATASET));
            List<Path> values = optional(root, top, "values", this::valuesFiles).orElse(List.of());
            Tier tier = optional(
                            root,
                            top,
                            "tier",
                            at -> choice(at, "tier", Tier.yamlNames())
                                    .map(t -> Tier.valueOf(t.toUpperCase(java.util.Locale.ROOT)))
                                    .orElse(null))
                    .orElse(Tier.CI);
            Optional<UpgradeMatrix> matrix = optional(root, top, "matrix", this::matrix);
            Optional<OwnCluster> cluster = optional(root, top, "cluster", this::cluster);
            List<Step> steps = required(root, top, "steps", at -> steps(at, profile, backends, cluster));
            TrafficPlan traffic =
                    optional(root, top, "traffic", at -> traffic(at, steps)).orElse(TrafficPlan.NONE);

            if (problems.isEmpty()) {
                matrix.ifPresentOrElse(m -> matrixSteps(root, steps), () -> upgradesGoForward(mlflow, steps));
            }
            if (!problems.isEmpty()) {
                throw new ScenarioException(problems);
            }
            return new Scenario(
                    name,
                    description,
                    profile,
                    backends,
                    chart,
                    mlflow,
                    dataset,
                    values,
                    steps,
                    traffic,
                    file,
                    tier,
                    matrix,
                    Optional.empty(),
                    cluster);
        }

        /** {@code cluster: {nodes: N}}: a k3s of the scenario's own, of N nodes. */
        private OwnCluster cluster(JsonPointer at) {
            JsonNode node = node(at);
            if (!node.isObject()) {
                problem(at, "cluster", "expected a map (allowed: " + String.join(", ", CLUSTER_FIELDS) + ")");
                return null;
            }
            unknownFields(node, at, "cluster.", CLUSTER_FIELDS);
            Integer nodes = required(node, at, "nodes", nodesAt -> {
                JsonNode count = node(nodesAt);
                if (!count.isIntegralNumber()
                        || count.asInt() < OwnCluster.FEWEST_NODES
                        || count.asInt() > OwnCluster.MOST_NODES) {
                    problem(
                            nodesAt,
                            "cluster.nodes",
                            "'" + count.asText() + "' is not a whole number from " + OwnCluster.FEWEST_NODES + " to "
                                    + OwnCluster.MOST_NODES + " (a k3s server and nodes - 1 agents; one node is the"
                                    + " run's shared cluster: leave cluster out)");
                    return null;
                }
                return count.asInt();
            });
            return nodes == null ? null : new OwnCluster(nodes, tree.lineOf(at));
        }

        /**
         * {@code matrix: {from: [versions] | <list file>, to: default | next-minor | <version>}}. A list file (a path
         * from the repository root) holds one version a line, {@code #} starting a comment.
         */
        private UpgradeMatrix matrix(JsonPointer at) {
            JsonNode node = node(at);
            if (!node.isObject()) {
                problem(at, "matrix", "expected a map (allowed: " + String.join(", ", MATRIX_FIELDS) + ")");
                return null;
            }
            unknownFields(node, at, "matrix.", MATRIX_FIELDS);
            List<String> from = required(node, at, "from", this::matrixFrom);
            String to = optional(node, at, "to", this::matrixTo).orElse(UpgradeMatrix.CHART_DEFAULT);
            return from == null || to == null ? null : new UpgradeMatrix(from, to);
        }

        private List<String> matrixFrom(JsonPointer at) {
            JsonNode node = node(at);
            if (node.isArray() && !node.isEmpty()) {
                List<String> versions = new ArrayList<>();
                for (int i = 0; i < node.size(); i++) {
                    Optional.ofNullable(version(at.appendIndex(i))).ifPresent(versions::add);
                }
                return versions.size() == node.size() ? versions : null;
            }
            String listFile = node.isTextual() ? node.asText() : null;
            if (listFile == null || !Files.isRegularFile(repositoryRoot.resolve(listFile))) {
                problem(
                        at,
                        "matrix.from",
                        listFile == null
                                ? "expected a non-empty list of versions such as \"3.16.x\", or a list file (a path"
                                        + " from the repository root)"
                                : "no list file at " + repositoryRoot.resolve(listFile));
                return null;
            }
            List<String> versions;
            try {
                versions = Files.readAllLines(repositoryRoot.resolve(listFile)).stream()
                        .map(line -> line.replaceFirst("#.*", "").strip())
                        .filter(line -> !line.isEmpty())
                        .toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + listFile, e);
            }
            List<String> bad =
                    versions.stream().filter(v -> !VERSION.matcher(v).matches()).toList();
            if (versions.isEmpty() || !bad.isEmpty()) {
                problem(
                        at,
                        "matrix.from",
                        listFile + ": " + (versions.isEmpty() ? "no version in it" : String.join(", ", bad) + " not ")
                                + Param.Type.VERSION.expected + ", one a line");
                return null;
            }
            return versions;
        }

        private String matrixTo(JsonPointer at) {
            JsonNode node = node(at);
            if (node.isTextual()
                    && List.of(UpgradeMatrix.CHART_DEFAULT, UpgradeMatrix.NEXT_MINOR)
                            .contains(node.asText())) {
                return node.asText();
            }
            if (node.isTextual() && VERSION.matcher(node.asText()).matches()) {
                return node.asText();
            }
            problem(
                    at,
                    "matrix.to",
                    "'" + node.asText() + "' is not allowed (allowed: " + UpgradeMatrix.CHART_DEFAULT + ", "
                            + UpgradeMatrix.NEXT_MINOR + ", or " + Param.Type.VERSION.expected + ")");
            return null;
        }

        /**
         * A matrix installs each of its from-versions and upgrades it in one step to its target: the file names no
         * MLflow version of its own, and has one upgrade step, whose target the matrix gives.
         */
        private void matrixSteps(JsonNode root, List<Step> steps) {
            if (root.path("mlflow").has("version") || root.path("mlflow").has("image")) {
                problem(
                        JsonPointer.compile("/mlflow"),
                        "mlflow",
                        "a matrix scenario installs each version of matrix.from: leave mlflow out");
            }
            List<Integer> upgrades = new ArrayList<>();
            for (int i = 0; i < steps.size(); i++) {
                if (steps.get(i).name().equals("upgrade")) {
                    upgrades.add(i);
                }
            }
            if (upgrades.size() != 1) {
                problem(
                        JsonPointer.compile("/steps"),
                        "steps",
                        "a matrix scenario has exactly one upgrade step, from each of matrix.from to matrix.to"
                                + " (found " + upgrades.size() + ")");
            } else if (steps.get(upgrades.get(0)).has("to-version")) {
                int i = upgrades.get(0);
                problem(
                        JsonPointer.compile("/steps/" + i + "/upgrade/to-version"),
                        "steps[" + i + "].upgrade.to-version",
                        "the matrix gives the upgrade's target: leave to-version out and set matrix.to");
            }
        }

        /**
         * Each upgrade of a chain goes to a later version than the release runs then: MLflow has no database
         * downgrade. Versions the file does not give (the chart's default) are not compared here.
         */
        private void upgradesGoForward(MlflowImage mlflow, List<Step> steps) {
            List<String> running = new ArrayList<>();
            running.add(mlflow.version());
            List<String> since = new ArrayList<>(List.of("from its install"));
            for (int i = 0; i < steps.size(); i++) {
                Step step = steps.get(i);
                if (step.name().equals("rollback") && running.size() > 1) {
                    running.remove(running.size() - 1);
                    since.remove(since.size() - 1);
                } else if (step.name().equals("upgrade")) {
                    String current = running.get(running.size() - 1);
                    String target = step.has("to-version") ? step.text("to-version") : null;
                    if (current != null && target != null && !isNewer(target, current)) {
                        problem(
                                JsonPointer.compile("/steps/" + i + "/upgrade/to-version"),
                                "steps[" + i + "].upgrade.to-version",
                                "'" + target + "' is not newer than " + current + ", which the release runs "
                                        + since.get(since.size() - 1)
                                        + ": MLflow has no database downgrade (give a later version; rollback goes"
                                        + " back)");
                    }
                    running.add(target);
                    since.add("after steps[" + i + "]");
                }
            }
        }

        /** Whether {@code target} comes after {@code current}; a minor ({@code 3.0.x}) against one of its patches: yes. */
        private static boolean isNewer(String target, String current) {
            int[] to = ReleaseNumber.of(target).parts();
            int[] from = ReleaseNumber.of(current).parts();
            int common = Math.min(to.length, from.length);
            int order = Arrays.compare(Arrays.copyOf(to, common), Arrays.copyOf(from, common));
            return order > 0 || (order == 0 && (to.length != from.length || Arrays.compare(to, from) > 0));
        }

        /** Dedicated backends are the prod profile's PostgreSQL and S3 store: the dev profile has neither. */
        private Backends backends(JsonPointer at, Profile profile) {
            Optional<Backends> backends = choice(at, label(at), Backends.yamlNames())
                    .map(name -> Backends.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
            if (backends.orElse(Backends.SHARED) == Backends.DEDICATED && profile == Profile.DEV) {
                problem(
                        at,
                        label(at),
                        "'dedicated' is for profile prod, whose PostgreSQL and S3 store they are (profile dev runs on "
                                + "SQLite and a volume)");
            }
            return backends.orElse(null);
        }

        /**
         * {@code during}: kinds of step the scenario has, under which a client can run (not install or destroy: no
         * server answers when they start); {@code no-failed-read}: some of those.
         */
        private TrafficPlan traffic(JsonPointer at, List<Step> steps) {
            JsonNode node = node(at);
            if (!node.isObject()) {
                problem(at, "traffic", "expected a map (allowed: " + String.join(", ", TRAFFIC_FIELDS) + ")");
                return null;
            }
            unknownFields(node, at, "traffic.", TRAFFIC_FIELDS);
            List<String> present = steps == null
                    ? List.of()
                    : steps.stream().map(Step::name).distinct().toList();
            List<String> measurable = StepCatalogue.names().stream()
                    .filter(kind -> !TrafficPlan.NOT_MEASURABLE.containsKey(kind))
                    .toList();
            List<String> during = required(
                    node,
                    at,
                    DURING,
                    a -> stepKinds(a, kindAt -> {
                        String kind = node(kindAt).asText();
                        if (!measurable.contains(kind)) {
                            return "'" + kind + "' is not a step a client can run under"
                                    + (TrafficPlan.NOT_MEASURABLE.containsKey(kind)
                                            ? ": " + TrafficPlan.NOT_MEASURABLE.get(kind)
                                            : "")
                                    + " (allowed: " + String.join(", ", measurable) + ")";
                        }
                        return steps != null && !present.contains(kind)
                                ? "the scenario has no " + kind + " step: add one, or remove it from here"
                                        + " (steps here: " + String.join(", ", present) + ")"
                                : null;
                    }));
            List<String> noFailedRead = optional(
                            node,
                            at,
                            TrafficPlan.NO_FAILED_READ,
                            a -> stepKinds(
                                    a,
                                    kindAt -> during == null
                                                    || during.contains(
                                                            node(kindAt).asText())
                                            ? null
                                            : "'" + node(kindAt).asText()
                                                    + "' is not measured: add it to traffic.during" + " too (measured: "
                                                    + String.join(", ", during) + ")"))
                    .orElse(List.of());
            return during == null ? null : new TrafficPlan(Set.copyOf(during), Set.copyOf(noFailedRead));
        }

        /** A non-empty list of step names, each checked by {@code why} (null: fine, else the problem). */
        private List<String> stepKinds(JsonPointer at, Function<JsonPointer, String> why) {
            JsonNode node = node(at);
            if (!node.isArray() || node.isEmpty()) {
                problem(at, label(at), "expected a non-empty list of step names, was " + shown(node));
                return null;
            }
            List<String> kinds = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonPointer kindAt = at.appendIndex(i);
                String kind = text(kindAt);
                if (kind == null) {
                    continue;
                }
                String problem = why.apply(kindAt);
                if (problem != null) {
                    problem(kindAt, label(kindAt), problem);
                }
                kinds.add(kind);
            }
            return kinds;
        }

        private String name(JsonPointer at) {
            String name = text(at);
            if (name == null) {
                return null;
            }
            String expected = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            if (!NAME.matcher(name).matches()) {
                problem(at, "name", "'" + name + "' is not lower-case letters, digits, '.' and '-'");
            } else if (!name.equals(expected)) {
                problem(at, "name", "'" + name + "' differs from the file name (allowed: " + expected + ")");
            }
            return name;
        }

        private ChartSource chart(JsonPointer at) {
            String text = text(at);
            if (text == null) {
                return null;
            }
            try {
                ChartSource chart = ChartSource.parse(text);
                if (chart instanceof ChartSource.Packaged packaged
                        && !Files.isRegularFile(repositoryRoot.resolve(packaged.tgz()))) {
                    problem(at, label(at), "no packaged chart at " + repositoryRoot.resolve(packaged.tgz()));
                }
                return chart;
            } catch (IllegalArgumentException e) {
                problem(at, label(at), e.getMessage());
                return null;
            }
        }

        /** A list of values files, relative to the repository root, each of which must be there. */
        private List<Path> valuesFiles(JsonPointer at) {
            JsonNode node = node(at);
            if (!node.isArray()) {
                problem(at, "values", "expected a list of values files (paths from the repository root)");
                return null;
            }
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonPointer fileAt = at.appendIndex(i);
                String text = text(fileAt);
                if (text != null && !Files.isRegularFile(repositoryRoot.resolve(text))) {
                    problem(fileAt, label(fileAt), "no values file at " + repositoryRoot.resolve(text));
                } else if (text != null) {
                    files.add(repositoryRoot.resolve(text));
                }
            }
            return files;
        }

        private MlflowImage mlflow(JsonPointer at) {
            JsonNode node = node(at);
            if (!node.isObject()) {
                problem(at, "mlflow", "expected a map (allowed: " + String.join(", ", MLFLOW_FIELDS) + ")");
                return null;
            }
            unknownFields(node, at, "mlflow.", MLFLOW_FIELDS);
            String version = optional(node, at, "version", this::version).orElse(null);
            String image = optional(node, at, "image", this::text).orElse(null);
            return new MlflowImage(version, image);
        }

        private String version(JsonPointer at) {
            JsonNode node = node(at);
            if (!node.isTextual() || !VERSION.matcher(node.asText()).matches()) {
                problem(
                        at,
                        label(at),
                        "'" + node.asText() + "' is not " + Param.Type.VERSION.expected
                                + (node.isNumber() ? " (quote it: YAML read a number)" : ""));
                return null;
            }
            return node.asText();
        }

        private DatasetSpec dataset(JsonPointer at) {
            JsonNode node = node(at);
            List<String> sizes = DatasetSpec.NAMED.keySet().stream().sorted().toList();
            if (node.isTextual()) {
                return choice(at, label(at), sizes).map(DatasetSpec::named).orElse(null);
            }
            List<String> fields = new ArrayList<>(List.of(DATASET_BASE));
            RecordComponent[] components = DatasetSpec.class.getRecordComponents();
            Arrays.stream(components).map(RecordComponent::getName).forEach(fields::add);
            if (!node.isObject()) {
                problem(
                        at,
                        label(at),
                        "expected a size name (allowed: " + String.join(", ", sizes) + ") or a map (allowed: "
                                + String.join(", ", fields) + ")");
                return null;
            }
            int before = problems.size();
            unknownFields(node, at, label(at) + ".", fields);
            DatasetSpec base = optional(node, at, DATASET_BASE, a -> choice(a, label(a), sizes))
                    .flatMap(size -> size)
                    .map(DatasetSpec::named)
                    .orElse(DatasetSpec.named(DEFAULT_DATASET));
            Object[] values = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                RecordComponent component = components[i];
                types[i] = component.getType();
                Object baseValue = baseValue(component, base);
                values[i] = optional(node, at, component.getName(), a -> count(a, component.getType()))
                        .orElse(baseValue);
            }
            if (problems.size() > before) {
                return null;
            }
            try {
                return DatasetSpec.class.getDeclaredConstructor(types).newInstance(values);
            } catch (InvocationTargetException e) {
                problem(at, label(at), e.getCause().getMessage());
                return null;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private static Object baseValue(RecordComponent component, DatasetSpec base) {
            try {
                return component.getAccessor().invoke(base);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }

        private Object count(JsonPointer at, Class<?> type) {
            JsonNode node = node(at);
            if (!node.isIntegralNumber() || node.asLong() < 0 || (type == int.class && !node.canConvertToInt())) {
                problem(at, label(at), "'" + node.asText() + "' is not a whole number >= 0");
                return null;
            }
            return type == int.class ? (Object) node.asInt() : (Object) node.asLong();
        }

        private List<Step> steps(JsonPointer at, Profile profile, Backends backends, Optional<OwnCluster> cluster) {
            JsonNode node = node(at);
            if (!node.isArray() || node.isEmpty()) {
                problem(
                        at,
                        "steps",
                        "expected a non-empty list of steps (allowed: " + String.join(", ", StepCatalogue.names())
                                + ")");
                return null;
            }
            List<Step> steps = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                JsonPointer stepAt = at.appendIndex(i);
                int problemsBefore = problems.size();
                step(stepAt, profile).ifPresent(step -> {
                    // Rules of order read the parameters: only a step whose parameters are right is worth checking.
                    if (profile != null && problems.size() == problemsBefore) {
                        step.kind()
                                .check(
                                        step,
                                        new StepPlacement(profile, backends, steps, cluster),
                                        problemsOf(stepAt, step));
                    }
                    steps.add(step);
                });
            }
            return steps;
        }

        /** Where a kind's own checks report, as {@code file:line: steps[i].kind[.param]: problem}. */
        private StepProblems problemsOf(JsonPointer at, Step step) {
            String where = label(at) + "." + step.name();
            return new StepProblems() {
                @Override
                public void add(String message) {
                    problem(at, where, message);
                }

                @Override
                public void add(String param, String message) {
                    JsonPointer paramAt = at.appendProperty(step.name()).appendProperty(param);
                    problem(node(paramAt).isMissingNode() ? at : paramAt, where + "." + param, message);
                }
            };
        }

        /** {@code - kind} or {@code - kind: {param: value, ...}}. */
        private Optional<Step> step(JsonPointer at, Profile profile) {
            JsonNode node = node(at);
            String kindName;
            JsonNode params;
            JsonPointer paramsAt;
            if (node.isTextual()) {
                kindName = node.asText();
                params = null;
                paramsAt = at;
            } else if (node.isObject() && node.size() == 1) {
                kindName = node.fieldNames().next();
                paramsAt = at.appendProperty(kindName);
                params = node.get(kindName);
            } else {
                problem(
                        at,
                        label(at),
                        "expected a step name, or a map of one step name to its parameters" + " (allowed: "
                                + String.join(", ", StepCatalogue.names()) + ")");
                return Optional.empty();
            }
            Optional<StepKind> kind = StepCatalogue.find(kindName);
            if (kind.isEmpty()) {
                problem(
                        at,
                        label(at),
                        "unknown step '" + kindName + "' (allowed: " + String.join(", ", StepCatalogue.names()) + ")");
                return Optional.empty();
            }
            String where = label(at) + "." + kindName;
            if (profile != null && !kind.get().profiles().contains(profile)) {
                problem(
                        at,
                        where,
                        "not for profile " + profile.yamlName() + " (allowed: "
                                + String.join(
                                        ", ",
                                        kind.get().profiles().stream()
                                                .map(Profile::yamlName)
                                                .sorted()
                                                .toList())
                                + ")");
            }
            Map<String, Object> values = new HashMap<>();
            if (params != null && !params.isNull()) {
                if (!params.isObject()) {
                    problem(
                            paramsAt,
                            where,
                            "expected a map of parameters (allowed: "
                                    + (kind.get().params().isEmpty()
                                            ? "none"
                                            : String.join(", ", kind.get().paramNames()))
                                    + ")");
                    return Optional.empty();
                }
                unknownFields(params, paramsAt, where + ".", kind.get().paramNames());
            }
            for (Param param : kind.get().params()) {
                JsonNode value = params == null ? null : params.get(param.name());
                if (value == null) {
                    if (param.required()) {
                        problem(paramsAt, where + "." + param.name(), "missing (" + describe(param) + ")");
                    } else if (param.defaultValue() != null) {
                        values.put(param.name(), param.defaultValue());
                    }
                } else {
                    Object converted = param(paramsAt.appendProperty(param.name()), param);
                    if (converted != null) {
                        values.put(param.name(), converted);
                    }
                }
            }
            return Optional.of(new Step(kind.get(), values, tree.lineOf(at)));
        }

        private Object param(JsonPointer at, Param param) {
            JsonNode node = node(at);
            return switch (param.type()) {
                case STRING -> text(at);
                case BOOLEAN -> {
                    if (!node.isBoolean()) {
                        problem(at, label(at), "'" + node.asText() + "' is not " + param.type().expected);
                        yield null;
                    }
                    yield node.asBoolean();
                }
                case CHOICE -> choice(at, label(at), param.allowed()).orElse(null);
                case VERSION -> version(at);
                case CHART -> chart(at);
                case DATASET -> dataset(at);
            };
        }

        private String describe(Param param) {
            return param.type() == Param.Type.CHOICE
                    ? "allowed: " + String.join(", ", param.allowed())
                    : param.type().expected;
        }

        private Optional<String> choice(JsonPointer at, String field, List<String> allowed) {
            JsonNode node = node(at);
            if (!node.isTextual() || !allowed.contains(node.asText())) {
                problem(
                        at,
                        field,
                        "'" + node.asText() + "' is not allowed (allowed: " + String.join(", ", allowed) + ")");
                return Optional.empty();
            }
            return Optional.of(node.asText());
        }

        private String text(JsonPointer at) {
            JsonNode node = node(at);
            if (!node.isTextual() || node.asText().isBlank()) {
                problem(at, label(at), "expected non-empty text, was " + shown(node));
                return null;
            }
            return node.asText();
        }

        private <T> T required(JsonNode parent, JsonPointer parentAt, String field, Function<JsonPointer, T> read) {
            if (!parent.has(field)) {
                problem(parentAt, label(parentAt.appendProperty(field)), "missing");
                return null;
            }
            return read.apply(parentAt.appendProperty(field));
        }

        private <T> Optional<T> optional(
                JsonNode parent, JsonPointer parentAt, String field, Function<JsonPointer, T> read) {
            return parent.has(field)
                    ? Optional.ofNullable(read.apply(parentAt.appendProperty(field)))
                    : Optional.empty();
        }

        private void unknownFields(JsonNode node, JsonPointer at, String prefix, List<String> allowed) {
            node.fieldNames().forEachRemaining(field -> {
                if (!allowed.contains(field)) {
                    problem(
                            at.appendProperty(field),
                            prefix + field,
                            "unknown field (allowed: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed))
                                    + ")");
                }
            });
        }

        private JsonNode node(JsonPointer at) {
            return tree.root().at(at);
        }

        private void problem(JsonPointer at, String field, String message) {
            problems.add(new Problem(file.toString(), tree.lineOf(at), field, message));
        }
    }

    /** {@code /steps/2/upgrade/method} -> {@code steps[2].upgrade.method}. */
    private static String label(JsonPointer at) {
        StringBuilder label = new StringBuilder();
        for (JsonPointer p = at; p != null && !p.matches(); p = p.tail()) {
            if (p.getMatchingIndex() >= 0 && !label.isEmpty()) {
                label.append('[').append(p.getMatchingIndex()).append(']');
            } else {
                label.append(label.isEmpty() ? "" : ".").append(p.getMatchingProperty());
            }
        }
        return label.toString();
    }

    private static String shown(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return "empty";
        }
        return node.isContainerNode() ? (node.isArray() ? "a list" : "a map") : "'" + node.asText() + "'";
    }
}
