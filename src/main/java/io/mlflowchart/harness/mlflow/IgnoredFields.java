package io.mlflowchart.harness.mlflow;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Everything a {@link DataSnapshot} comparison deliberately leaves out, and why: the one place to look when a
 * difference seems to have been missed. Listed in the report next to the diff.
 */
public final class IgnoredFields {

    /** One field, or family of fields, that is not compared. */
    public record Ignored(String field, String why) {}

    /**
     * Tags MLflow sets by itself. Compared when the expected snapshot has them; when only the server has them
     * they are not a difference.
     */
    static final SortedMap<String, String> SERVER_TAGS = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            "mlflow.runName", "the server copies run_name into it; run_name is the run's key and is compared",
            "mlflow.user", "the server may fill it from the request's user, which differs by client and version")));

    /**
     * Run tags whose value is a server-generated id, which a dataset cannot know before it writes: compared when the
     * expected snapshot has them (two reads of one server), not a difference when only the server has them.
     */
    static final SortedMap<String, String> ID_TAGS = Collections.unmodifiableSortedMap(new TreeMap<>(Map.of(
            Run.PARENT_ID_TAG,
            "holds the parent's run id; the parent is compared as its 'experiment/run' key (run parent)")));

    private static final String EMPTY_OUTPUTS_KEY = "outputs";

    /** What MLflow's SQL store keeps for an infinite metric value: the largest finite double of the same sign. */
    static final double CLAMPED_INFINITY = Double.MAX_VALUE;

    /** Experiments a server creates by itself, which no dataset writes. */
    static final SortedMap<String, String> SERVER_EXPERIMENTS = Collections.unmodifiableSortedMap(new TreeMap<>(
            Map.of("Default", "every MLflow server creates it (id 0) on first start; it holds no dataset data")));

    /**
     * The experiment of the background client that measures availability under a scenario's steps; no dataset uses
     * it. Its writes are read back right after each measured step; snapshots never read it.
     */
    public static final String AVAILABILITY_PROBE = "availability-probe";

    /** What the chart's helm test (templates/tests) names its experiment; no dataset uses it. */
    static final String CHART_TEST_PREFIX = "helm-test-";

    public static final List<Ignored> ALL = List.of(
            new Ignored(
                    "experiment_id, run_id, model version run_id",
                    "server-generated, differ between two loads of the same data; recorded, while identity is"
                            + " the experiment name, 'experiment/run' name and model name + version number"),
            new Ignored("experiment creation_time, last_update_time", "set by the server's clock; not recorded"),
            new Ignored(
                    "registered model and model version creation_timestamp, last_updated_timestamp",
                    "set by the server's clock; not recorded"),
            new Ignored(
                    "experiment artifact_location, run artifact_uri, model version source",
                    "embed the ids; the artifacts' contents (SHA-256, size) and the version's run and path"
                            + " relative to the run's artifact root are compared instead"),
            new Ignored(
                    "logged model model_id, artifact_uri, creation_timestamp_ms, last_updated_timestamp_ms,"
                            + " status_message",
                    "the id and the location embedding it are server-generated, the times the server's clock, the"
                            + " message empty for a model finalized READY; identity is 'experiment/name', and the"
                            + " source run is compared as its 'experiment/run' key"),
            new Ignored(
                    "trace request_id, experiment_id, tag " + TraceInfo.ARTIFACT_LOCATION_TAG + ", span attribute "
                            + TraceData.REQUEST_ID_ATTRIBUTE + " and the spans' OpenTelemetry ids",
                    "the request id is the server's, the location embeds it and the experiment's, every span of a 2.x"
                            + " client repeats it; the span ids are the writing client's. Identity is"
                            + " 'experiment/root span name', a span's parent is compared by name"),
            new Ignored(
                    "trace metadata " + TraceSnapshot.SCHEMA_VERSION,
                    "MLflow 3.2.0 to 3.4.x serve the API's schema version, not the one stored: '2' through the REST API"
                            + " 2.0 (TraceInfoV2.__post_init__), '3' through 3.0 (TraceInfo.__post_init__); 3.1 and"
                            + " 3.5 on serve what the client wrote. The spans' format, which it names, is read from"
                            + " traces.json itself"),
            new Ignored(
                    "trace metadata " + TraceInfo.INFO_FINALIZED_METADATA,
                    "the store sets it to 'true' at StartTraceV3 from 3.12.0 on (sqlalchemy_store.start_trace of 3.12.0"
                            + " to 3.17.2, not 3.11.1), so that log_spans no longer derives the trace's times and state"
                            + " from its spans; a client sends none, and a trace an older release wrote has none"),
            new Ignored(
                    "trace assessment assessment_id, trace_id; the ids in its span_id and overrides",
                    "the assessment's id is the server's (the store makes one unless the request has one, and a"
                            + " client sends none), recorded; its trace is the one it is read with. Identity is"
                            + " 'name by SOURCE_TYPE source_id' in its trace (an override takes the name of what it"
                            + " overrides), the span it is on is compared by name, as the dataset's client ids its"
                            + " spans, and what it overrides by that key. Its times are the client's, which the store"
                            + " keeps, so they are compared"),
            new Ignored(
                    "webhook webhook_id, creation_timestamp, last_updated_timestamp; its secret",
                    "the id and times are the server's, recorded (not the last update), identity is the name; the"
                            + " server takes a secret and never serves it (the Webhook message has no such field)"),
            new Ignored(
                    "evaluation dataset dataset_id, digest, created_time, last_update_time, created_by,"
                            + " last_updated_by; record dataset_record_id, created_time, last_update_time, created_by,"
                            + " last_updated_by",
                    "ids, times and the digest (a hash of the name and the server's time) are the server's: the"
                            + " dataset's id, digest and creation time and a record's id are recorded; identity is the"
                            + " dataset's name and a record's inputs, as MLflow dedupes records. The users are unset:"
                            + " the dataset writes no mlflow.user tag, which is where the store takes them from"),
            new Ignored(
                    "scorer scorer_id, creation_time; experiment_id",
                    "the scorer's id (served from 3.10 or earlier, not by 3.4) and the time are the server's,"
                            + " recorded; identity is 'experiment/name/version', the experiment by name"),
            new Ignored(
                    "gateway secret_id, model_definition_id, endpoint_id, mapping_id and their created_at,"
                            + " last_updated_at, created_by, last_updated_by; an endpoint's experiment_id; a"
                            + " secret's value",
                    "ids and times are the server's (the ids recorded), the users unset: the dataset sends"
                            + " none; identity is the name, and a model definition names its secret, an endpoint"
                            + " its models, by name. The dataset's endpoint has usage tracking off (compared),"
                            + " so no experiment. The server keeps a secret's value encrypted and serves only"
                            + " its masked values, which are compared. On 3.8.x, which serves neither, usage"
                            + " tracking reads as off and a model's linkage as PRIMARY, as the 3.9 and 3.10"
                            + " migrations set them"),
            new Ignored(
                    "issue issue_id, experiment_id, created_timestamp, last_updated_timestamp; label schema schema_id,"
                            + " created_at, last_updated_at; review queue queue_id, created_by, times, and an item's"
                            + " completed_by and times",
                    "ids and times are the server's (the ids recorded); identity is 'experiment/name', a source run"
                            + " and a trace by their keys, a queue's schemas by name. A queue's creator and who"
                            + " completed an item are the signed-in user on a server with basic auth, whatever the"
                            + " request says (handlers.py of 3.17.2): recorded"),
            new Ignored(
                    "the label schema 'Feedback' marked is_default",
                    "the server seeds it in an experiment the first time its schemas are listed (3.14 on), so the"
                            + " reader's own listing makes it"),
            new Ignored(
                    "MCP server created_by, last_updated_by, times; an access endpoint's id",
                    "the server's: the users are the signed-in one (recorded), the endpoint's id recorded; identity is"
                            + " the server's name, a version's number, an endpoint's URL"),
            new Ignored(
                    "an empty 'outputs' in an evaluation dataset's schema, an empty outputs {} of a record",
                    "from 3.5.0 the store starts a schema with \"outputs\": {} and keeps {} for a record written"
                            + " without outputs; 3.4.x keeps neither. The dataset writes no outputs, so either is"
                            + " the same data; outputs the server holds are compared"),
            new Ignored("run data.metrics (latest values)", "derived from the full metric history, which is compared"),
            new Ignored(
                    "run tags " + String.join(", ", SERVER_TAGS.keySet()) + " when only the server has them",
                    String.join("; ", SERVER_TAGS.values())),
            new Ignored(
                    "run tags " + String.join(", ", ID_TAGS.keySet()) + " when only the server has them",
                    String.join("; ", ID_TAGS.values())),
            new Ignored(
                    "metric values +Infinity and -Infinity read back as +/-" + CLAMPED_INFINITY,
                    "MLflow's SQL store (sqlalchemy_store.py, 2.x and 3.x) writes an infinite value as the largest"
                            + " finite double of its sign, and serves that; an expected infinity matches its clamp and"
                            + " nothing else"),
            new Ignored(
                    "experiments " + String.join(", ", SERVER_EXPERIMENTS.keySet()) + " when only the server has them",
                    String.join("; ", SERVER_EXPERIMENTS.values())),
            new Ignored(
                    "deleted experiments named " + CHART_TEST_PREFIX + "* when only the server has them",
                    "the chart's helm test writes a run in an experiment of its own, then deletes it; MLflow's REST API"
                            + " only soft-deletes, so it stays listed. A live one, or one the data expects, is compared"),
            new Ignored(
                    "experiment " + AVAILABILITY_PROBE + " (never read into a snapshot)",
                    "the background client of a scenario's traffic: block writes there while a step runs, and every"
                            + " write MLflow acknowledged is read back right after that step; a snapshot taken during"
                            + " the step (an upgrade's before and after) would see it grow, and a later restore may"
                            + " roll it back on purpose"),
            new Ignored(
                    "basic-auth users the data does not name (the admin from the chart's Secret, any other), and"
                            + " users' passwords and ids",
                    "MLflow 2.x has no API that lists users, so users are read by name; the admin's own grants are the"
                            + " server's (it gives whoever creates an experiment or model MANAGE on it). Each named user's"
                            + " admin flag and permissions are compared"));

    private IgnoredFields() {}

    static boolean isChartTestResidue(DataSnapshot.ExperimentSnapshot experiment) {
        return experiment.name().startsWith(CHART_TEST_PREFIX) && "deleted".equals(experiment.lifecycleStage());
    }

    /** Run tags the server sets, or whose value is an id it generated: missing from the expected data, no difference. */
    static boolean isServerTag(String key) {
        return SERVER_TAGS.containsKey(key) || ID_TAGS.containsKey(key);
    }

    /** Whether a metric value read back is the one written, an infinity as the SQL store keeps it. */
    static boolean sameMetricValue(double expected, double actual) {
        return Double.compare(expected, actual) == 0
                || (Double.isInfinite(expected) && actual == Math.copySign(CLAMPED_INFINITY, expected));
    }

    /** Set by the server at StartTrace: missing from the expected data, no difference. */
    static boolean isServerTraceTag(String key) {
        return TraceInfo.ARTIFACT_LOCATION_TAG.equals(key);
    }

    /**
     * A trace's metadata as compared: without {@link TraceSnapshot#SCHEMA_VERSION}, which some servers rewrite, and
     * {@link TraceInfo#INFO_FINALIZED_METADATA}, which newer ones add.
     */
    static SortedMap<String, String> comparedTraceMetadata(SortedMap<String, String> metadata) {
        SortedMap<String, String> compared = new TreeMap<>(metadata);
        compared.remove(TraceSnapshot.SCHEMA_VERSION);
        compared.remove(TraceInfo.INFO_FINALIZED_METADATA);
        return compared;
    }

    static boolean isTraceIdAttribute(String key) {
        return TraceData.REQUEST_ID_ATTRIBUTE.equals(key);
    }

    /** A dataset's schema as compared: without the empty {@code outputs} 3.5 on start every schema with. */
    static String comparedDatasetSchema(String schema) {
        if (schema == null || !(CanonicalJson.parse(schema) instanceof Map<?, ?> fields)) {
            return schema;
        }
        Map<Object, Object> compared = new TreeMap<>(fields);
        if (compared.get(EMPTY_OUTPUTS_KEY) instanceof Map<?, ?> outputs && outputs.isEmpty()) {
            compared.remove(EMPTY_OUTPUTS_KEY);
        }
        return CanonicalJson.of(compared);
    }

    /** A record's outputs as compared: {@code {}}, which 3.5 on keep for a record written without any, as none. */
    static String comparedRecordOutputs(String outputs) {
        return "{}".equals(outputs) ? null : outputs;
    }

    static boolean isServerExperiment(String name) {
        return SERVER_EXPERIMENTS.containsKey(name);
    }
}
