package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.EvaluationDatasetSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.LoggedModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.WebhookSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The readable differences between an expected and an actual {@link DataSnapshot}, one line each. */
public record SnapshotDiff(List<String> differences) {

    /** Values longer than this, in characters, are shown shortened: a line of 100,000 characters reads as none. */
    private static final int LONG_VALUE = 120;

    public SnapshotDiff {
        differences = List.copyOf(differences);
    }

    public static SnapshotDiff between(DataSnapshot expected, DataSnapshot actual) {
        List<String> out = new ArrayList<>();
        compareKeyed(
                "experiment",
                expected.experiments(),
                actual.experiments(),
                (name, experiment) ->
                        IgnoredFields.isServerExperiment(name) || IgnoredFields.isChartTestResidue(experiment),
                (name, e, a) -> compareExperiment(e, a, out),
                out);
        compareKeyed(
                "registered model",
                expected.registeredModels(),
                actual.registeredModels(),
                (name, e, a) -> compareModel(e, a, out),
                out);
        compareKeyed(
                "logged model",
                expected.loggedModels(),
                actual.loggedModels(),
                (key, e, a) -> compareLoggedModel(key, e, a, out),
                out);
        compareKeyed("trace", expected.traces(), actual.traces(), (key, e, a) -> compareTrace(key, e, a, out), out);
        compareKeyed(
                "webhook",
                expected.webhooks(),
                actual.webhooks(),
                (name, e, a) -> compareWebhook(name, e, a, out),
                out);
        compareKeyed(
                "evaluation dataset",
                expected.evaluationDatasets(),
                actual.evaluationDatasets(),
                (name, e, a) -> compareEvaluationDataset(name, e, a, out),
                out);
        compareKeyed(
                "scorer",
                expected.scorers(),
                actual.scorers(),
                (key, e, a) -> compareValue(
                        "scorer '" + key + "' serialized_scorer", e.serializedScorer(), a.serializedScorer(), out),
                out);
        compareGateway(expected.gateway(), actual.gateway(), out);
        compareReview(expected.review(), actual.review(), out);
        compareKeyed(
                "MCP server",
                expected.mcpServers(),
                actual.mcpServers(),
                (name, e, a) -> compareMcpServer(name, e, a, out),
                out);
        compareKeyed(
                "user",
                expected.users(),
                actual.users(),
                (name, e, a) -> {
                    compareValue("user '" + name + "' admin", e.admin(), a.admin(), out);
                    compareMap("user '" + name + "' permission", e.permissions(), a.permissions(), k -> false, out);
                },
                out);
        compareKeyed(
                "workspace",
                expected.workspaces(),
                actual.workspaces(),
                (name, e, a) -> {
                    compareValue("workspace '" + name + "' description", e.description(), a.description(), out);
                    compareValue("workspace '" + name + "' trace archival", e.traceArchival(), a.traceArchival(), out);
                    between(e.data(), a.data()).differences().stream()
                            .map(difference -> "in workspace '" + name + "': " + difference)
                            .forEach(out::add);
                },
                out);
        return new SnapshotDiff(out);
    }

    public boolean isEmpty() {
        return differences.isEmpty();
    }

    @Override
    public String toString() {
        return differences.isEmpty() ? "no differences" : String.join("\n", differences);
    }

    private static void compareExperiment(ExperimentSnapshot expected, ExperimentSnapshot actual, List<String> out) {
        String where = "experiment '" + expected.name() + "'";
        compareValue(where + " lifecycle_stage", expected.lifecycleStage(), actual.lifecycleStage(), out);
        compareMap(where + " tag", expected.tags(), actual.tags(), key -> false, out);
        compareKeyed(
                "run '" + expected.name() + "/",
                expected.runs(),
                actual.runs(),
                (name, e, a) -> compareRun(expected.name() + "/" + name, e, a, out),
                out);
    }

    /** {@code key}: {@code experiment/run}. */
    private static void compareRun(String key, RunSnapshot expected, RunSnapshot actual, List<String> out) {
        String where = "run '" + key + "'";
        compareValue(where + " parent", expected.parentRun(), actual.parentRun(), out);
        compareValue(where + " status", expected.status(), actual.status(), out);
        compareValue(where + " start_time", expected.startTime(), actual.startTime(), out);
        compareValue(where + " end_time", expected.endTime(), actual.endTime(), out);
        compareValue(where + " lifecycle_stage", expected.lifecycleStage(), actual.lifecycleStage(), out);
        compareMap(where + " param", expected.params(), actual.params(), k -> false, out);
        compareMap(where + " tag", expected.tags(), actual.tags(), IgnoredFields::isServerTag, out);
        compareMetrics(where, expected.metrics(), actual.metrics(), out);
        compareKeyed(
                where + " dataset input '",
                expected.inputs(),
                actual.inputs(),
                (input, e, a) -> {
                    String dataset = where + " dataset input '" + input + "'";
                    compareValue(dataset + " source_type", e.sourceType(), a.sourceType(), out);
                    compareValue(dataset + " source", e.source(), a.source(), out);
                    compareValue(dataset + " schema", e.schema(), a.schema(), out);
                    compareValue(dataset + " profile", e.profile(), a.profile(), out);
                    compareMap(dataset + " tag", e.tags(), a.tags(), k -> false, out);
                },
                out);
        compareKeyed(
                "artifact '" + key + "/",
                expected.artifacts(),
                actual.artifacts(),
                (path, e, a) -> {
                    if (!a.equals(e)) {
                        out.add("artifact '" + key + "/" + path + "': "
                                + (a.sha256().equals(e.sha256()) ? "size differs" : "sha256 differs")
                                + " (expected " + e.size() + " bytes " + abbreviate(e.sha256()) + " but was "
                                + a.size() + " bytes " + abbreviate(a.sha256()) + ")");
                    }
                },
                out);
    }

    /** The metric histories of a run or a logged model, each by its key. */
    private static void compareMetrics(
            String where,
            SortedMap<String, List<MetricPoint>> expected,
            SortedMap<String, List<MetricPoint>> actual,
            List<String> out) {
        compareKeyed(
                where + " metric '",
                expected,
                actual,
                (metric, e, a) -> compareHistory(where + " metric '" + metric + "'", e, a, out),
                out);
    }

    private static void compareHistory(
            String where, List<MetricPoint> expected, List<MetricPoint> actual, List<String> out) {
        SortedMap<Long, List<MetricPoint>> expectedBySteps = byStep(expected);
        SortedMap<Long, List<MetricPoint>> actualBySteps = byStep(actual);
        TreeSet<Long> steps = new TreeSet<>(expectedBySteps.keySet());
        steps.addAll(actualBySteps.keySet());
        for (long step : steps) {
            List<MetricPoint> e = expectedBySteps.getOrDefault(step, List.of());
            List<MetricPoint> a = actualBySteps.getOrDefault(step, List.of());
            String at = where + " step " + step + ": ";
            if (samePoints(e, a)) {
                continue;
            }
            if (e.size() == 1 && a.size() == 1) {
                if (!IgnoredFields.sameMetricValue(e.get(0).value(), a.get(0).value())) {
                    out.add(at + "expected " + e.get(0).value() + " but was "
                            + a.get(0).value());
                }
                if (e.get(0).timestamp() != a.get(0).timestamp()) {
                    out.add(at + "timestamp expected " + e.get(0).timestamp() + " but was "
                            + a.get(0).timestamp());
                }
            } else if (a.isEmpty()) {
                out.add(at + "missing (expected " + values(e) + ")");
            } else if (e.isEmpty()) {
                out.add(at + "unexpected " + values(a));
            } else {
                out.add(at + "expected " + values(e) + " but was " + values(a));
            }
        }
    }

    /** {@code key}: {@code experiment/name}. */
    private static void compareLoggedModel(
            String key, LoggedModelSnapshot expected, LoggedModelSnapshot actual, List<String> out) {
        String where = "logged model '" + key + "'";
        compareValue(where + " source run", expected.sourceRun(), actual.sourceRun(), out);
        compareValue(where + " model_type", expected.modelType(), actual.modelType(), out);
        compareValue(where + " status", expected.status(), actual.status(), out);
        compareMap(where + " param", expected.params(), actual.params(), k -> false, out);
        compareMap(where + " tag", expected.tags(), actual.tags(), k -> false, out);
        compareMetrics(where, expected.metrics(), actual.metrics(), out);
    }

    /** {@code key}: {@code experiment/name}. */
    private static void compareTrace(String key, TraceSnapshot expected, TraceSnapshot actual, List<String> out) {
        String where = "trace '" + key + "'";
        compareValue(where + " timestamp_ms", expected.timestampMs(), actual.timestampMs(), out);
        compareValue(where + " execution_time_ms", expected.executionTimeMs(), actual.executionTimeMs(), out);
        compareValue(where + " status", expected.status(), actual.status(), out);
        compareMap(
                where + " metadata",
                IgnoredFields.comparedTraceMetadata(expected.metadata()),
                IgnoredFields.comparedTraceMetadata(actual.metadata()),
                k -> false,
                out);
        compareMap(where + " tag", expected.tags(), actual.tags(), IgnoredFields::isServerTraceTag, out);
        compareValue(where + " runs finding it", expected.runs(), actual.runs(), out);
        compareKeyed(
                where + " span '",
                expected.spans(),
                actual.spans(),
                (name, e, a) -> compareSpan(where + " span '" + name + "'", e, a, out),
                out);
        compareKeyed(
                where + " assessment '",
                expected.assessments(),
                actual.assessments(),
                (name, e, a) -> compareAssessment(where + " assessment '" + name + "'", e, a, out),
                out);
    }

    private static void compareAssessment(
            String where,
            TraceSnapshot.AssessmentSnapshot expected,
            TraceSnapshot.AssessmentSnapshot actual,
            List<String> out) {
        compareValue(where + " span", expected.span(), actual.span(), out);
        compareValue(where + " type", expected.type(), actual.type(), out);
        compareValue(where + " value", expected.value(), actual.value(), out);
        compareValue(where + " rationale", expected.rationale(), actual.rationale(), out);
        compareMap(where + " metadata", expected.metadata(), actual.metadata(), k -> false, out);
        compareValue(where + " create_time", expected.createTimeMs(), actual.createTimeMs(), out);
        compareValue(where + " last_update_time", expected.lastUpdateTimeMs(), actual.lastUpdateTimeMs(), out);
        compareValue(where + " overrides", expected.overrides(), actual.overrides(), out);
        compareValue(where + " valid", expected.valid(), actual.valid(), out);
    }

    private static void compareSpan(
            String where, TraceSnapshot.SpanSnapshot expected, TraceSnapshot.SpanSnapshot actual, List<String> out) {
        compareValue(where + " parent", expected.parent(), actual.parent(), out);
        compareValue(where + " start_time", expected.startTimeNs(), actual.startTimeNs(), out);
        compareValue(where + " end_time", expected.endTimeNs(), actual.endTimeNs(), out);
        compareValue(where + " status_code", expected.statusCode(), actual.statusCode(), out);
        compareValue(where + " status_message", expected.statusMessage(), actual.statusMessage(), out);
        compareMap(
                where + " attribute",
                expected.attributes(),
                actual.attributes(),
                IgnoredFields::isTraceIdAttribute,
                out);
    }

    private static void compareWebhook(
            String name, WebhookSnapshot expected, WebhookSnapshot actual, List<String> out) {
        String where = "webhook '" + name + "'";
        compareValue(where + " url", expected.url(), actual.url(), out);
        compareValue(where + " description", expected.description(), actual.description(), out);
        compareValue(where + " status", expected.status(), actual.status(), out);
        compareValue(where + " events", expected.events(), actual.events(), out);
    }

    /** Every field but the ids: a secret has no value to compare, the server never serves it. */
    private static void compareGateway(GatewaySnapshot expected, GatewaySnapshot actual, List<String> out) {
        compareKeyed(
                "gateway secret",
                expected.secrets(),
                actual.secrets(),
                (name, e, a) -> {
                    String where = "gateway secret '" + name + "'";
                    compareValue(where + " provider", e.provider(), a.provider(), out);
                    compareMap(where + " masked value", e.maskedValues(), a.maskedValues(), k -> false, out);
                    compareMap(where + " auth config", e.authConfig(), a.authConfig(), k -> false, out);
                },
                out);
        compareKeyed(
                "gateway model definition",
                expected.modelDefinitions(),
                actual.modelDefinitions(),
                (name, e, a) -> {
                    String where = "gateway model definition '" + name + "'";
                    compareValue(where + " secret", e.secret(), a.secret(), out);
                    compareValue(where + " provider", e.provider(), a.provider(), out);
                    compareValue(where + " model_name", e.modelName(), a.modelName(), out);
                },
                out);
        compareKeyed(
                "gateway endpoint",
                expected.endpoints(),
                actual.endpoints(),
                (name, e, a) -> {
                    String where = "gateway endpoint '" + name + "'";
                    compareValue(where + " models", e.models(), a.models(), out);
                    compareMap(where + " tag", e.tags(), a.tags(), k -> false, out);
                    compareValue(where + " routing_strategy", e.routingStrategy(), a.routingStrategy(), out);
                    compareValue(where + " usage_tracking", e.usageTracking(), a.usageTracking(), out);
                    // Asked of 3.9 on only: a 3.8.x snapshot (null) compares with any.
                    if (e.providerKeys() != null && a.providerKeys() != null) {
                        compareValue(where + " provider keys", e.providerKeys(), a.providerKeys(), out);
                    }
                },
                out);
        compareKeyed(
                "gateway budget policy",
                expected.budgets(),
                actual.budgets(),
                (key, e, a) -> {
                    String where = "gateway budget policy '" + key + "'";
                    compareValue(where + " budget_unit", e.unit(), a.unit(), out);
                    compareValue(where + " budget_amount", e.amount(), a.amount(), out);
                },
                out);
        compareKeyed(
                "gateway binding",
                expected.bindings(),
                actual.bindings(),
                (key, e, a) -> {
                    String where = "gateway binding '" + key + "'";
                    compareValue(where + " display_name", e.displayName(), a.displayName(), out);
                    compareValue(where + " created_by", e.createdBy(), a.createdBy(), out);
                },
                out);
        compareKeyed(
                "gateway guardrail",
                expected.guardrails(),
                actual.guardrails(),
                (name, e, a) -> {
                    String where = "gateway guardrail '" + name + "'";
                    compareValue(where + " scorer", e.scorer(), a.scorer(), out);
                    compareValue(where + " stage", e.stage(), a.stage(), out);
                    compareValue(where + " action", e.action(), a.action(), out);
                    compareValue(where + " execution order by endpoint", e.endpoints(), a.endpoints(), out);
                },
                out);
    }

    private static void compareReview(ReviewSnapshot expected, ReviewSnapshot actual, List<String> out) {
        compareKeyed(
                "issue",
                expected.issues(),
                actual.issues(),
                (key, e, a) -> {
                    String where = "issue '" + key + "'";
                    compareValue(where + " description", e.description(), a.description(), out);
                    compareValue(where + " status", e.status(), a.status(), out);
                    compareValue(where + " severity", e.severity(), a.severity(), out);
                    compareValue(where + " root_causes", e.rootCauses(), a.rootCauses(), out);
                    compareValue(where + " source run", e.sourceRun(), a.sourceRun(), out);
                    compareValue(where + " categories", e.categories(), a.categories(), out);
                    compareValue(where + " traces", e.traces(), a.traces(), out);
                    compareValue(where + " created_by", e.createdBy(), a.createdBy(), out);
                },
                out);
        compareKeyed(
                "label schema",
                expected.labelSchemas(),
                actual.labelSchemas(),
                (key, e, a) -> {
                    String where = "label schema '" + key + "'";
                    compareValue(where + " type", e.type(), a.type(), out);
                    compareValue(where + " instruction", e.instruction(), a.instruction(), out);
                    compareValue(where + " enable_comment", e.enableComment(), a.enableComment(), out);
                    compareValue(where + " input", e.input(), a.input(), out);
                },
                out);
        compareKeyed(
                "review queue",
                expected.queues(),
                actual.queues(),
                (key, e, a) -> {
                    String where = "review queue '" + key + "'";
                    compareValue(where + " queue_type", e.type(), a.type(), out);
                    compareValue(where + " users", e.users(), a.users(), out);
                    compareValue(where + " label schemas", e.schemas(), a.schemas(), out);
                    compareKeyed(
                            where + " item '",
                            e.items(),
                            a.items(),
                            (trace, ei, ai) ->
                                    compareValue(where + " item '" + trace + "' status", ei.status(), ai.status(), out),
                            out);
                },
                out);
    }

    private static void compareMcpServer(
            String name, McpServerSnapshot expected, McpServerSnapshot actual, List<String> out) {
        String where = "MCP server '" + name + "'";
        compareValue(where + " display_name", expected.displayName(), actual.displayName(), out);
        compareValue(where + " description", expected.description(), actual.description(), out);
        compareValue(where + " status", expected.status(), actual.status(), out);
        compareValue(where + " latest_version", expected.latestVersion(), actual.latestVersion(), out);
        compareMap(where + " alias", expected.aliases(), actual.aliases(), key -> false, out);
        compareMap(where + " tag", expected.tags(), actual.tags(), key -> false, out);
        compareKeyed(
                where + " version '",
                expected.versions(),
                actual.versions(),
                (version, e, a) -> {
                    String of = where + " version '" + version + "'";
                    compareValue(of + " server_json", e.serverJson(), a.serverJson(), out);
                    compareValue(of + " status", e.status(), a.status(), out);
                    compareValue(of + " tools", e.tools(), a.tools(), out);
                    compareMap(of + " tag", e.tags(), a.tags(), key -> false, out);
                    compareValue(of + " connect_options", e.connectOptions(), a.connectOptions(), out);
                },
                out);
        compareKeyed(
                where + " access endpoint '",
                expected.endpoints(),
                actual.endpoints(),
                (url, e, a) -> {
                    String of = where + " access endpoint '" + url + "'";
                    compareValue(of + " transport_type", e.transportType(), a.transportType(), out);
                    compareValue(of + " server_version", e.serverVersion(), a.serverVersion(), out);
                    compareValue(of + " server_alias", e.serverAlias(), a.serverAlias(), out);
                    compareValue(of + " resolved version", e.resolvedVersion(), a.resolvedVersion(), out);
                },
                out);
    }

    private static void compareEvaluationDataset(
            String name, EvaluationDatasetSnapshot expected, EvaluationDatasetSnapshot actual, List<String> out) {
        String where = "evaluation dataset '" + name + "'";
        compareMap(where + " tag", expected.tags(), actual.tags(), k -> false, out);
        compareValue(where + " experiments", expected.experiments(), actual.experiments(), out);
        compareValue(
                where + " schema",
                IgnoredFields.comparedDatasetSchema(expected.schema()),
                IgnoredFields.comparedDatasetSchema(actual.schema()),
                out);
        compareValue(where + " profile", expected.profile(), actual.profile(), out);
        compareKeyed(
                where + " record",
                expected.records(),
                actual.records(),
                (inputs, e, a) -> {
                    String record = where + " record '" + inputs + "'";
                    compareValue(
                            record + " outputs",
                            IgnoredFields.comparedRecordOutputs(e.outputs()),
                            IgnoredFields.comparedRecordOutputs(a.outputs()),
                            out);
                    compareValue(record + " expectations", e.expectations(), a.expectations(), out);
                    compareValue(record + " tags", e.tags(), a.tags(), out);
                    compareValue(record + " source", e.source(), a.source(), out);
                    compareValue(record + " source_type", e.sourceType(), a.sourceType(), out);
                    compareValue(record + " source_id", e.sourceId(), a.sourceId(), out);
                },
                out);
    }

    private static void compareModel(ModelSnapshot expected, ModelSnapshot actual, List<String> out) {
        String where = "registered model '" + expected.name() + "'";
        compareValue(where + " description", expected.description(), actual.description(), out);
        compareMap(where + " tag", expected.tags(), actual.tags(), k -> false, out);
        compareMap(where + " alias", expected.aliases(), actual.aliases(), k -> false, out);
        compareKeyed(
                where + " version '",
                expected.versions(),
                actual.versions(),
                (number, e, a) -> {
                    String version = where + " version " + e.version();
                    compareValue(version + " run", e.run(), a.run(), out);
                    compareValue(version + " artifact path", e.artifactPath(), a.artifactPath(), out);
                    compareValue(version + " status", e.status(), a.status(), out);
                    compareValue(version + " stage", e.stage(), a.stage(), out);
                    compareValue(version + " description", e.description(), a.description(), out);
                    compareMap(version + " tag", e.tags(), a.tags(), k -> false, out);
                },
                out);
    }

    /** {@link #compareKeyed(String, Map, Map, BiPredicate, Matched, List)} where every unexpected key is reported. */
    private static <T> void compareKeyed(
            String label, Map<String, T> expected, Map<String, T> actual, Matched<T> compareBoth, List<String> out) {
        compareKeyed(label, expected, actual, (key, value) -> false, compareBoth, out);
    }

    /**
     * Reports keys missing from or unexpected in {@code actual} and hands the pairs present in both on.
     * {@code label} ends where the key goes, so {@code "run 'exp-1/"} reads {@code run 'exp-1/run-2': missing}.
     */
    private static <T> void compareKeyed(
            String label,
            Map<String, T> expected,
            Map<String, T> actual,
            BiPredicate<String, T> ignoredIfUnexpected,
            Matched<T> compareBoth,
            List<String> out) {
        String open = label.endsWith("'") || label.endsWith("/") ? label : label + " '";
        expected.forEach((key, value) -> {
            if (actual.containsKey(key)) {
                compareBoth.compare(key, value, actual.get(key));
            } else {
                out.add(open + key + "': missing");
            }
        });
        actual.keySet().stream()
                .filter(key -> !expected.containsKey(key) && !ignoredIfUnexpected.test(key, actual.get(key)))
                .forEach(key -> out.add(open + key + "': unexpected"));
    }

    /** What to do with an entry both snapshots have. */
    private interface Matched<T> {
        void compare(String key, T expected, T actual);
    }

    private static void compareMap(
            String label,
            Map<String, String> expected,
            Map<String, String> actual,
            Predicate<String> ignoredIfUnexpected,
            List<String> out) {
        expected.forEach((key, value) -> {
            if (!actual.containsKey(key)) {
                out.add(label + " '" + key + "': missing (expected " + quoted(value) + ")");
            } else if (!Objects.equals(value, actual.get(key))) {
                out.add(label + " '" + key + "': expected " + quoted(value) + " but was " + quoted(actual.get(key))
                        + whereTheyPart(value, actual.get(key)));
            }
        });
        actual.forEach((key, value) -> {
            if (!expected.containsKey(key) && !ignoredIfUnexpected.test(key)) {
                out.add(label + " '" + key + "': unexpected " + quoted(value));
            }
        });
    }

    /** A value whole when short; a long one (a value at its length limit) as its ends and its length. */
    private static String quoted(String value) {
        if (value == null || value.codePointCount(0, value.length()) <= LONG_VALUE) {
            return "'" + value + "'";
        }
        int length = value.codePointCount(0, value.length());
        return "'" + value.substring(0, value.offsetByCodePoints(0, 40)) + "…"
                + value.substring(value.offsetByCodePoints(0, length - 20)) + "' (" + length + " characters)";
    }

    /** Where two long values part, in characters: what their shortened forms may not show. */
    private static String whereTheyPart(String expected, String actual) {
        if (expected == null || actual == null || Math.max(expected.length(), actual.length()) <= LONG_VALUE) {
            return "";
        }
        int same = 0;
        while (same < Math.min(expected.length(), actual.length()) && expected.charAt(same) == actual.charAt(same)) {
            same++;
        }
        return ", first different at character " + expected.codePointCount(0, same);
    }

    private static void compareValue(String label, Object expected, Object actual, List<String> out) {
        if (!Objects.equals(expected, actual)) {
            out.add(label + ": expected " + expected + " but was " + actual);
        }
    }

    /** Points of one step, in the reader's order (step, timestamp, value), alike but for a clamped infinity. */
    private static boolean samePoints(List<MetricPoint> expected, List<MetricPoint> actual) {
        if (expected.size() != actual.size()) {
            return false;
        }
        for (int i = 0; i < expected.size(); i++) {
            MetricPoint e = expected.get(i);
            MetricPoint a = actual.get(i);
            if (e.timestamp() != a.timestamp() || !IgnoredFields.sameMetricValue(e.value(), a.value())) {
                return false;
            }
        }
        return true;
    }

    private static SortedMap<Long, List<MetricPoint>> byStep(List<MetricPoint> history) {
        return history.stream().collect(Collectors.groupingBy(MetricPoint::step, TreeMap::new, Collectors.toList()));
    }

    private static String values(List<MetricPoint> points) {
        return points.stream().map(p -> p.value() + "@" + p.timestamp()).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String abbreviate(String sha256) {
        return sha256.length() > 12 ? sha256.substring(0, 12) + "…" : sha256;
    }
}
