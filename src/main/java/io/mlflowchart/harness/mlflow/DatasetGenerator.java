package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.DatasetInputSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.EvaluationDatasetSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.LoggedModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ScorerSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.VersionSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.WebhookSnapshot;
import io.mlflowchart.harness.mlflow.Dataset.DeletedVersion;
import io.mlflowchart.harness.mlflow.ValueLimits.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Turns a {@link DatasetSpec} into a {@link Dataset}, without a server: the expectation comes from the spec, not
 * from what some server gave back, so a server that loses or alters data on the way in cannot make itself right.
 * Every random choice draws from a generator seeded by the spec's seed and the entity's name, so the same spec
 * gives byte-identical content, and growing one count does not reshuffle the rest. The {@link DataKinds} a release
 * serves add a few runs each to the first experiment, tags to it and to the first model, two experiments beside it
 * a version of the first model that is deleted, two webhooks, an evaluation dataset and scorers of the first experiment,
 * assessments on its trace that succeeds, its traces logged inside or linked to a run and tagged afterwards,
 * an AI Gateway endpoint with its model definition and secrets, issues, label schemas and review queues of the first
 * experiment's traces, an MCP server, whatever the spec's size: they prove a kind is kept, which one
 * item does as well as a hundred.
 */
public final class DatasetGenerator {

    /** 2023-11-14T22:13:20Z: runs and metric points are stamped from here, never from the clock. */
    private static final long EPOCH_MILLIS = 1_700_000_000_000L;

    /** The run the logged model comes from. */
    private static final String MODEL_SOURCE = "model-source";

    /** The kinds that write the traces, each for its release range: one at most covers a release. */
    private static final List<DataKind> TRACE_KINDS =
            List.of(DataKind.TRACES, DataKind.TRACES_V3, DataKind.TRACES_OTLP, DataKind.TRACES_DB);

    /**
     * The workspace's trace archival setting: ten years, older than anything the harness writes, so that a server that
     * did archive would leave it be; where to, the server's.
     */
    private static final Workspace.TraceArchivalConfig TRACE_ARCHIVAL =
            new Workspace.TraceArchivalConfig(null, "3650d");

    /** The key of every value written at its length limit. */
    static final String AT_LIMIT = "at-limit";

    /** What fills a value up to its limit: non-ASCII too, so a limit counted in bytes would show. */
    private static final String FILLER = " ünïcödé – ✓ 0123456789";

    private static final String[] METRICS = {"loss", "accuracy", "val_loss", "val_accuracy", "learning_rate"};
    private static final String[] STAGES = {"Staging", "Production", "Archived"};
    private static final String[] TEAMS = {"vision", "nlp", "forecasting", "ranking"};
    private static final RunStatus[] ENDINGS = {
        RunStatus.FINISHED, RunStatus.FINISHED, RunStatus.FAILED, RunStatus.KILLED
    };

    private final DatasetSpec spec;
    private final String namePrefix;
    private final DataKinds kinds;
    private final Map<String, byte[]> artifactContents = new HashMap<>();
    private final Set<String> restoredRuns = new HashSet<>();
    private final Set<String> restoredExperiments = new HashSet<>();
    private final List<DeletedVersion> deletedVersions = new ArrayList<>();
    private final SortedMap<String, LoggedModelSnapshot> loggedModels = new TreeMap<>();
    private final SortedMap<String, TraceSnapshot> traces = new TreeMap<>();
    private final Map<String, TraceEdits> traceEdits = new HashMap<>();

    private DatasetGenerator(DatasetSpec spec, String namePrefix, DataKinds kinds) {
        this.spec = spec;
        this.namePrefix = namePrefix;
        this.kinds = kinds;
    }

    /** The base dataset alone, no {@link DataKind}. */
    public static Dataset generate(DatasetSpec spec) {
        return generate(spec, "", DataKinds.BASE);
    }

    /**
     * {@code namePrefix} keeps a second write (after an upgrade, say) apart from the first one's names; {@code kinds}
     * are what the release written to serves ({@link DataKinds#servedBy(String)}).
     */
    public static Dataset generate(DatasetSpec spec, String namePrefix, DataKinds kinds) {
        return new DatasetGenerator(spec, namePrefix, kinds).dataset();
    }

    private Dataset dataset() {
        SortedMap<String, ExperimentSnapshot> experiments = new TreeMap<>();
        for (int e = 1; e <= spec.experiments(); e++) {
            ExperimentSnapshot experiment = experiment(e);
            experiments.put(experiment.name(), experiment);
        }
        if (kinds.has(DataKind.DELETED_EXPERIMENTS)) {
            deletedExperiments().forEach(experiment -> experiments.put(experiment.name(), experiment));
        }
        SortedMap<String, ModelSnapshot> models = new TreeMap<>();
        for (int m = 1; m <= spec.registeredModels(); m++) {
            ModelSnapshot model = model(m);
            models.put(model.name(), model);
        }
        if (kinds.has(DataKind.PROMPTS)) {
            ModelSnapshot prompt = prompt();
            models.put(prompt.name(), prompt);
        }
        List<Webhook.Request> webhookRequests =
                kinds.has(DataKind.WEBHOOKS) ? DatasetWebhooks.requests(namePrefix) : List.of();
        SortedMap<String, WebhookSnapshot> webhooks = new TreeMap<>();
        webhookRequests.forEach(request -> webhooks.put(request.webhook().name(), DatasetWebhooks.expected(request)));
        SortedMap<String, EvaluationDatasetSnapshot> evaluationDatasets = new TreeMap<>();
        if (kinds.has(DataKind.EVALUATION_DATASETS)) {
            EvaluationDatasetSnapshot dataset = EvaluationDatasets.of(namePrefix + "eval-questions", experimentName(1));
            evaluationDatasets.put(dataset.name(), dataset);
        }
        SortedMap<String, ScorerSnapshot> scorers = new TreeMap<>();
        if (kinds.has(DataKind.SCORERS)) {
            DatasetScorers.of(experimentName(1)).forEach(scorer -> scorers.put(scorer.key(), scorer));
        }
        ScorerSnapshot judgedThroughGateway = kinds.has(DataKind.GATEWAY_SCORERS)
                ? DatasetScorers.judgedThrough(experimentName(1), DatasetGateway.endpoint(namePrefix))
                : null;
        if (judgedThroughGateway != null) {
            scorers.put(judgedThroughGateway.key(), judgedThroughGateway);
        }
        List<Dataset.InWorkspace> workspaces = kinds.has(DataKind.WORKSPACES) ? List.of(workspace()) : List.of();
        SortedMap<String, WorkspaceSnapshot> workspaceSnapshots = new TreeMap<>();
        workspaces.forEach(workspace -> workspaceSnapshots.put(workspace.name(), workspace.snapshot()));
        return new Dataset(
                new DataSnapshot(
                        experiments,
                        models,
                        new TreeMap<>(),
                        loggedModels,
                        traces,
                        webhooks,
                        evaluationDatasets,
                        scorers,
                        gateway(namePrefix, judgedThroughGateway),
                        DatasetReview.of(kinds, experimentName(1)),
                        kinds.has(DataKind.MCP_SERVERS) ? DatasetMcpServers.of(namePrefix) : null,
                        workspaceSnapshots),
                artifactContents,
                restoredRuns,
                restoredExperiments,
                deletedVersions,
                traceKind(),
                traceEdits,
                webhookRequests,
                kinds.has(DataKind.GATEWAY_ENDPOINTS) ? DatasetGateway.secretValues(namePrefix) : Map.of(),
                workspaces);
    }

    /**
     * A workspace named after the prefix, holding a base dataset of its own: fewer items, under the same names as
     * the first ones of the default workspace, with other content (another seed), so that a server that mixed the
     * two up would show it.
     */
    private Dataset.InWorkspace workspace() {
        DatasetSpec inWorkspace = new DatasetSpec(
                1,
                2,
                spec.paramsPerRun(),
                spec.metricsPerRun(),
                Math.min(spec.stepsPerMetric(), 10),
                spec.tagsPerRun(),
                Math.min(spec.artifactsPerRun(), 2),
                0,
                Math.min(spec.registeredModels(), 1),
                Math.min(spec.versionsPerModel(), 1),
                spec.seed() + 1);
        return new Dataset.InWorkspace(
                workspaceName(namePrefix),
                "Team workspace written by the harness" + (namePrefix.isEmpty() ? "" : " (" + namePrefix + ")"),
                kinds.has(DataKind.WORKSPACE_TRACE_ARCHIVAL) ? TRACE_ARCHIVAL : null,
                new DatasetGenerator(inWorkspace, namePrefix, DataKinds.BASE).dataset());
    }

    /** A workspace name (a Kubernetes-style label) made of a dataset's name prefix. */
    static String workspaceName(String namePrefix) {
        String label = namePrefix
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        return label.isEmpty() ? "team" : label + "-team";
    }

    /**
     * The AI Gateway's configuration from 3.8, with budget policies from 3.11 and guardrails run by the first
     * experiment's scorers from 3.12; and the bindings of its endpoint: to a scorer job on 3.8.x, to
     * {@code judgedThroughGateway} from 3.9.
     */
    private GatewaySnapshot gateway(String namePrefix, ScorerSnapshot judgedThroughGateway) {
        if (!kinds.has(DataKind.GATEWAY_ENDPOINTS)) {
            return GatewaySnapshot.empty();
        }
        GatewaySnapshot gateway = DatasetGateway.of(namePrefix);
        SortedMap<String, GatewaySnapshot.BindingSnapshot> bindings = new TreeMap<>();
        if (kinds.has(DataKind.SCORER_JOB_BINDINGS)) {
            bindings.putAll(DatasetGateway.scorerJobBindings(namePrefix));
        }
        if (kinds.has(DataKind.SCORER_BINDINGS) && judgedThroughGateway != null) {
            bindings.putAll(DatasetGateway.scorerBinding(namePrefix, judgedThroughGateway));
        }
        return new GatewaySnapshot(
                gateway.secrets(),
                gateway.modelDefinitions(),
                gateway.endpoints(),
                kinds.has(DataKind.GATEWAY_BUDGETS) ? DatasetGateway.budgets(namePrefix) : null,
                bindings,
                kinds.has(DataKind.GATEWAY_GUARDRAILS)
                        ? DatasetGateway.guardrails(namePrefix, experimentName(1))
                        : null);
    }

    /** The one way of writing traces the release's clients have, by release range; null before 2.14. */
    private DataKind traceKind() {
        return TRACE_KINDS.stream().filter(kinds::has).findFirst().orElse(null);
    }

    /**
     * Beside the first experiment, one left deleted and one deleted and restored, a run in each: deleting an
     * experiment marks its runs deleted, restoring it makes them active again (sqlalchemy_store.py).
     */
    private List<ExperimentSnapshot> deletedExperiments() {
        ExperimentSnapshot restored = experimentWithARun("-restored", "active", "deleted, restored");
        restoredExperiments.add(restored.name());
        return List.of(experimentWithARun("-deleted", DataSnapshot.DELETED, "deleted"), restored);
    }

    /** An experiment named after the first one, in lifecycle stage {@code stage}, its run in the same stage. */
    private ExperimentSnapshot experimentWithARun(String suffix, String stage, String lifecycle) {
        String name = experimentName(1) + suffix;
        KindRun run = new KindRun("run", null, RunStatus.FINISHED)
                .withParams(Map.of("experiment", name))
                .withMetric("loss", List.of(0.5, 0.25));
        RunSnapshot snapshot = (DataSnapshot.DELETED.equals(stage) ? run.deleted() : run)
                .snapshot(EPOCH_MILLIS + 86_400_000L + 11 * 60_000L);
        return new ExperimentSnapshot(
                null,
                name,
                stage,
                new TreeMap<>(Map.of("lifecycle", lifecycle)),
                new TreeMap<>(Map.of(snapshot.name(), snapshot)));
    }

    /**
     * A value of exactly {@code field}'s limit on the release written to, starting with the field's name and ending
     * with a mark, so a cut shows at either end.
     */
    private String atLimit(Field field) {
        int length = kinds.limits().length(field);
        String end = "|end";
        StringBuilder value = new StringBuilder(field.id()).append(':');
        while (value.length() < length - end.length()) {
            value.append(FILLER);
        }
        value.setLength(length - end.length());
        return value.append(end).toString();
    }

    private ExperimentSnapshot experiment(int e) {
        String name = experimentName(e);
        Random random = random(name);
        SortedMap<String, String> tags = new TreeMap<>(Map.of(
                "team",
                TEAMS[random.nextInt(TEAMS.length)],
                "dataset.seed",
                Long.toString(spec.seed()),
                "mlflow.note.content",
                "Experiment " + e + " of the harness dataset.\nSecond line, ünïcödé."));
        SortedMap<String, RunSnapshot> runs = new TreeMap<>();
        for (int r = 1; r <= spec.runsPerExperiment(); r++) {
            RunSnapshot run = run(name, e, r);
            runs.put(run.name(), run);
        }
        if (e == 1) {
            if (kinds.has(DataKind.UNICODE)) {
                tags.put("описание", "Эксперимент 1 — 実験 🚀");
            }
            if (kinds.has(DataKind.LENGTH_LIMITS)) {
                tags.put(AT_LIMIT, atLimit(Field.EXPERIMENT_TAG_VALUE));
            }
            kindRuns(name, EPOCH_MILLIS + e * 86_400_000L).forEach(run -> runs.put(run.name(), run));
            if (kinds.has(DataKind.LOGGED_MODELS)) {
                LoggedModelSnapshot model = loggedModel(name, runs.get(MODEL_SOURCE));
                loggedModels.put(name + "/" + model.name(), model);
            }
            if (traceKind() != null) {
                DatasetTraces.of(name, EPOCH_MILLIS + e * 86_400_000L, traceKind()).stream()
                        .map(this::afterRecording)
                        .forEach(trace -> traces.put(trace.key(), trace));
            }
        }
        return new ExperimentSnapshot(null, name, "active", tags, runs);
    }

    /**
     * A trace as the kinds leave it: the one that succeeds logged inside {@link DatasetTraces#TRACED_RUN} and given
     * assessments, the failed one triaged afterwards ({@link TraceEdits}, which the writer needs).
     */
    private TraceSnapshot afterRecording(TraceSnapshot trace) {
        String traced =
                kinds.has(DataKind.RUN_LINKED_TRACES) ? trace.experiment() + "/" + DatasetTraces.TRACED_RUN : null;
        if (trace.name().equals(DatasetTraces.ANSWERED)) {
            TraceSnapshot assessed = kinds.has(DataKind.ASSESSMENTS) ? DatasetAssessments.on(trace) : trace;
            return traced == null ? assessed : DatasetTraces.loggedIn(assessed, traced);
        }
        TraceEdits triage = DatasetTraces.triage(kinds.has(DataKind.TRACE_TAG_EDITS), traced);
        if (triage.equals(TraceEdits.NONE)) {
            return trace;
        }
        traceEdits.put(trace.key(), triage);
        return triage.applyTo(trace);
    }

    private RunSnapshot run(String experiment, int e, int r) {
        String name = runName(r);
        String key = experiment + "/" + name;
        Random random = random(key);
        long start = EPOCH_MILLIS + e * 86_400_000L + r * 3_600_000L;
        SortedMap<String, String> params = new TreeMap<>();
        for (int p = 1; p <= spec.paramsPerRun(); p++) {
            params.put(String.format("param-%03d", p), paramValue(random, p));
        }
        SortedMap<String, List<MetricPoint>> metrics = new TreeMap<>();
        for (int m = 0; m < spec.metricsPerRun(); m++) {
            String metric = m < METRICS.length ? METRICS[m] : String.format("metric-%02d", m);
            metrics.put(metric, history(random, start, m));
        }
        SortedMap<String, String> tags = new TreeMap<>();
        for (int t = 1; t <= spec.tagsPerRun(); t++) {
            tags.put(String.format("tag-%03d", t), "value " + t + " of " + key);
        }
        SortedMap<String, ArtifactDigest> artifacts = new TreeMap<>();
        for (int a = 0; a < spec.artifactsPerRun(); a++) {
            addArtifact(artifacts, key, artifact(random, key, a));
        }
        if (e == 1 && r == 1 && spec.largeArtifactBytes() > 0) {
            addArtifact(
                    artifacts,
                    key,
                    new Artifact(
                            "model/large-weights.bin",
                            randomBytes(random, Math.toIntExact(spec.largeArtifactBytes()))));
        }
        RunStatus status = ENDINGS[random.nextInt(ENDINGS.length)];
        long end = start + spec.stepsPerMetric() * 1_000L + 500;
        return new RunSnapshot(
                null, name, null, status, start, end, "active", params, metrics, tags, artifacts, new TreeMap<>());
    }

    /**
     * The runs the kinds add to {@code experiment}, started a minute apart from {@code day}, before its base runs'
     * first hour.
     */
    private List<RunSnapshot> kindRuns(String experiment, long day) {
        List<KindRun> runs = new ArrayList<>();
        if (kinds.has(DataKind.RUN_STATUSES)) {
            for (RunStatus status : RunStatus.values()) {
                runs.add(new KindRun(status.name().toLowerCase(Locale.ROOT), null, status)
                        .withParams(Map.of("status", status.name())));
            }
        }
        if (kinds.has(DataKind.NESTED_RUNS)) {
            runs.add(new KindRun("parent", null, RunStatus.FINISHED));
            runs.add(new KindRun("child-1", experiment + "/parent", RunStatus.FINISHED));
            runs.add(new KindRun("child-2", experiment + "/parent", RunStatus.FAILED));
            runs.add(new KindRun("grandchild", experiment + "/child-1", RunStatus.FINISHED));
        }
        if (kinds.has(DataKind.DELETED_RUNS)) {
            runs.add(new KindRun("deleted", null, RunStatus.FINISHED).deleted());
            runs.add(new KindRun("restored", null, RunStatus.FINISHED));
            restoredRuns.add(experiment + "/restored");
        }
        if (kinds.has(DataKind.UNICODE)) {
            runs.add(new KindRun("ünïcödé-✓", null, RunStatus.FINISHED)
                    .withParams(Map.of("学习率", "0.01", "описание", "значение — ü ✓ 🚀"))
                    .withTags(Map.of("チーム", "ビジョン 🚀", "emoji", "🚀🔥✓ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢"))
                    .withMetric("точность", List.of(0.5, 0.75, 0.875)));
        }
        if (kinds.has(DataKind.LENGTH_LIMITS)) {
            runs.add(new KindRun("at-limits", null, RunStatus.FINISHED)
                    .withParams(Map.of(AT_LIMIT, atLimit(Field.PARAM_VALUE)))
                    .withTags(Map.of(AT_LIMIT, atLimit(Field.RUN_TAG_VALUE))));
        }
        if (kinds.has(DataKind.LOGGED_MODELS)) {
            runs.add(new KindRun(MODEL_SOURCE, null, RunStatus.FINISHED)
                    .withMetric("model-accuracy", List.of(0.625, 0.75, 0.8125)));
        }
        if (kinds.has(DataKind.DATASET_INPUTS)) {
            runs.add(new KindRun("with-inputs", null, RunStatus.FINISHED)
                    .withInputs(List.of(
                            datasetInput("train", "9f86d081", "training", "{\"rows\": 1000}"),
                            datasetInput("eval", "60303ae2", "evaluation", null))));
        }
        if (kinds.has(DataKind.NON_FINITE_METRICS)) {
            runs.add(new KindRun("non-finite", null, RunStatus.FINISHED)
                    .withMetric(
                            "non-finite",
                            List.of(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25)));
        }
        if (kinds.has(DataKind.RUN_LINKED_TRACES)) {
            runs.add(new KindRun(DatasetTraces.TRACED_RUN, null, RunStatus.FINISHED));
        }
        List<RunSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            snapshots.add(runs.get(i).snapshot(day + (12 + i) * 60_000L));
        }
        return snapshots;
    }

    /** A dataset from a file in S3, its schema in MLflow's JSON form; {@code profile} may be absent. */
    private static DatasetInputSnapshot datasetInput(String name, String digest, String context, String profile) {
        return new DatasetInputSnapshot(
                name,
                digest,
                "s3",
                "{\"uri\": \"s3://datasets/" + name + ".parquet\"}",
                "{\"mlflow_colspec\": [{\"type\": \"double\", \"name\": \"x\"}]}",
                profile,
                new TreeMap<>(Map.of("mlflow.data.context", context)));
    }

    /**
     * The logged model {@code source} made: the metric points logged for the model are in the run's history as well
     * (runs/log-metric with a model_id writes both), so they are the run's.
     */
    private static LoggedModelSnapshot loggedModel(String experiment, RunSnapshot source) {
        return new LoggedModelSnapshot(
                null,
                experiment,
                "logged-model",
                experiment + "/" + source.name(),
                "classifier",
                "LOGGED_MODEL_READY",
                new TreeMap<>(Map.of("alpha", "0.5", "solver", "lbfgs")),
                new TreeMap<>(Map.of("candidate", "true")),
                new TreeMap<>(source.metrics()));
    }

    /** A run a kind adds: a few values, one point a second for each metric value, no artifacts. */
    private record KindRun(
            String name,
            String parent,
            RunStatus status,
            String lifecycleStage,
            Map<String, String> params,
            Map<String, String> tags,
            Map<String, List<Double>> metrics,
            List<DatasetInputSnapshot> inputs) {

        KindRun(String name, String parent, RunStatus status) {
            this(name, parent, status, "active", Map.of(), Map.of(), Map.of(), List.of());
        }

        KindRun deleted() {
            return new KindRun(name, parent, status, DataSnapshot.DELETED, params, tags, metrics, inputs);
        }

        KindRun withParams(Map<String, String> more) {
            return new KindRun(name, parent, status, lifecycleStage, more, tags, metrics, inputs);
        }

        KindRun withTags(Map<String, String> more) {
            return new KindRun(name, parent, status, lifecycleStage, params, more, metrics, inputs);
        }

        KindRun withMetric(String key, List<Double> values) {
            return new KindRun(name, parent, status, lifecycleStage, params, tags, Map.of(key, values), inputs);
        }

        KindRun withInputs(List<DatasetInputSnapshot> more) {
            return new KindRun(name, parent, status, lifecycleStage, params, tags, metrics, more);
        }

        RunSnapshot snapshot(long start) {
            SortedMap<String, List<MetricPoint>> history = new TreeMap<>();
            metrics.forEach((key, values) -> {
                List<MetricPoint> points = new ArrayList<>();
                for (int step = 0; step < values.size(); step++) {
                    points.add(new MetricPoint(step, start + step * 1_000L, values.get(step)));
                }
                history.put(key, points);
            });
            return new RunSnapshot(
                    null,
                    name,
                    parent,
                    status,
                    start,
                    status.ended() ? start + 30_000L : null,
                    lifecycleStage,
                    new TreeMap<>(params),
                    history,
                    new TreeMap<>(tags),
                    new TreeMap<>(),
                    new TreeMap<>(inputs.stream().collect(Collectors.toMap(DatasetInputSnapshot::key, i -> i))));
        }
    }

    private List<MetricPoint> history(Random random, long start, int metric) {
        List<MetricPoint> history = new ArrayList<>();
        double decay = 0.5 + random.nextDouble();
        for (int step = 0; step < spec.stepsPerMetric(); step++) {
            double trend = Math.exp(-decay * step / Math.max(1, spec.stepsPerMetric()));
            double value = switch (metric % 3) {
                case 0 -> trend + random.nextGaussian() * 0.01;
                case 1 -> 1 - trend + random.nextGaussian() * 0.01;
                default -> (double) Math.round(random.nextGaussian() * 1000);
            };
            history.add(new MetricPoint(step, start + step * 1_000L + metric, value));
        }
        return history;
    }

    private static String paramValue(Random random, int p) {
        return switch (p % 4) {
            case 0 -> Integer.toString(random.nextInt(1024));
            case 1 -> Double.toString(random.nextDouble() / 100);
            case 2 -> List.of("adam", "sgd", "rmsprop").get(random.nextInt(3));
            default -> "a longer value: " + "x".repeat(200 + random.nextInt(50));
        };
    }

    private record Artifact(String path, byte[] content) {}

    /** Cycles through the kinds of files a run keeps: text, JSON, binary, YAML in nested folders. */
    private static Artifact artifact(Random random, String key, int a) {
        return switch (a) {
            case 0 -> new Artifact("README.txt", utf8("Artifacts of run " + key + ".\n"));
            case 1 ->
                new Artifact(
                        "metrics/summary.json",
                        utf8("{\"run\": \"" + key + "\", \"score\": " + random.nextDouble() + "}\n"));
            case 2 -> new Artifact("model/weights.bin", randomBytes(random, 1 + random.nextInt(64 * 1024)));
            case 3 -> new Artifact("model/MLmodel", utf8("artifact_path: model\nflavors:\n  python_function: {}\n"));
            case 4 -> new Artifact("plots/epoch/1/values.csv", utf8("step,value\n0," + random.nextDouble() + "\n"));
            default -> new Artifact("extra/file-" + a + ".bin", randomBytes(random, 1 + random.nextInt(4096)));
        };
    }

    private void addArtifact(SortedMap<String, ArtifactDigest> artifacts, String key, Artifact artifact) {
        artifactContents.put(key + "/" + artifact.path(), artifact.content());
        artifacts.put(artifact.path(), ArtifactDigest.of(artifact.content()));
    }

    private ModelSnapshot model(int m) {
        String name = namePrefix + "model-" + m;
        Random random = random(name);
        SortedMap<String, VersionSnapshot> versions = new TreeMap<>();
        for (int v = 1; v <= spec.versionsPerModel(); v++) {
            versions.put(Integer.toString(v), version(name, random, v, stage(m, v), versionTags(m, v)));
        }
        if (m == 1 && spec.versionsPerModel() >= 1 && kinds.has(DataKind.DELETED_VERSION_ALIAS)) {
            int v = spec.versionsPerModel() + 1;
            // A generator of its own: drawing from the model's would change the owner tag drawn after.
            VersionSnapshot deleted = version(
                    name, random(name + "/" + v), v, Dataset.NO_STAGE, new TreeMap<>(Map.of("candidate", "v" + v)));
            deletedVersions.add(new DeletedVersion(name, deleted, "retired"));
        }
        SortedMap<String, String> aliases = new TreeMap<>();
        if (spec.versionsPerModel() >= 1) {
            aliases.put("champion", Integer.toString(spec.versionsPerModel()));
        }
        if (spec.versionsPerModel() >= 2) {
            aliases.put("challenger", Integer.toString(spec.versionsPerModel() - 1));
        }
        SortedMap<String, String> tags = new TreeMap<>(Map.of("owner", TEAMS[random.nextInt(TEAMS.length)]));
        if (m == 1 && kinds.has(DataKind.UNICODE)) {
            tags.put("説明", "モデル ✓ 🚀");
        }
        if (m == 1 && kinds.has(DataKind.LENGTH_LIMITS)) {
            tags.put(AT_LIMIT, atLimit(Field.REGISTERED_MODEL_TAG_VALUE));
        }
        return new ModelSnapshot(name, "Model " + m + " of the harness dataset", tags, aliases, versions);
    }

    /** Version {@code v} of model {@code name}, from a base run {@code random} picks. */
    private VersionSnapshot version(String name, Random random, int v, String stage, SortedMap<String, String> tags) {
        String run = experimentName(1 + random.nextInt(spec.experiments())) + "/"
                + runName(1 + random.nextInt(spec.runsPerExperiment()));
        return new VersionSnapshot(
                Integer.toString(v), run, "model", null, null, "READY", stage, "Version " + v + " of " + name, tags);
    }

    /**
     * A prompt as MLflow keeps it, a registered model: the first version's commit message is the model's description,
     * each version's metadata its tags beside the template, and an alias on the second.
     */
    private ModelSnapshot prompt() {
        String name = namePrefix + "prompt-1";
        SortedMap<String, VersionSnapshot> versions = new TreeMap<>();
        String[] templates = {"Summarize {{text}} in {{words}} words.", "Summarize {{text}} in at most {{words}} words."
        };
        for (int v = 1; v <= templates.length; v++) {
            SortedMap<String, String> tags = new TreeMap<>(Map.of(
                    Prompts.IS_PROMPT_TAG,
                    "true",
                    Prompts.TEXT_TAG,
                    templates[v - 1],
                    "author",
                    v == 1 ? "ana" : "ben"));
            versions.put(
                    Integer.toString(v),
                    new VersionSnapshot(
                            Integer.toString(v),
                            null,
                            Prompts.SOURCE,
                            null,
                            null,
                            "READY",
                            Dataset.NO_STAGE,
                            "Prompt version " + v,
                            tags));
        }
        return new ModelSnapshot(
                name,
                "Prompt version 1",
                new TreeMap<>(Map.of(Prompts.IS_PROMPT_TAG, "true", "task", "summarization")),
                new TreeMap<>(Map.of("production", "2")),
                versions);
    }

    /** The first model's versions go through the stages a user moves them to; every other version stays in None. */
    private String stage(int m, int v) {
        return m == 1 && kinds.has(DataKind.MODEL_VERSION_STAGES) ? STAGES[(v - 1) % STAGES.length] : Dataset.NO_STAGE;
    }

    private SortedMap<String, String> versionTags(int m, int v) {
        SortedMap<String, String> tags = new TreeMap<>(Map.of("candidate", "v" + v));
        if (m == 1 && v == 1 && kinds.has(DataKind.UNICODE)) {
            tags.put("説明", "バージョン 1 — ü 🚀");
        }
        if (m == 1 && v == 1 && kinds.has(DataKind.LENGTH_LIMITS)) {
            tags.put(AT_LIMIT, atLimit(Field.MODEL_VERSION_TAG_VALUE));
        }
        return tags;
    }

    private String experimentName(int e) {
        return namePrefix + "exp-" + e;
    }

    private static String runName(int r) {
        return "run-" + r;
    }

    private Random random(String name) {
        return new Random(Objects.hash(spec.seed(), name));
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
