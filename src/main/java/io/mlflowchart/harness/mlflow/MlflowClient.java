package io.mlflowchart.harness.mlflow;

import static io.restassured.config.EncoderConfig.encoderConfig;
import static io.restassured.config.HttpClientConfig.httpClientConfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.timing.WaitingOn;
import io.mlflowchart.harness.timing.Waits;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.restassured.RestAssured;
import io.restassured.builder.RequestSpecBuilder;
import io.restassured.config.RestAssuredConfig;
import io.restassured.http.ContentType;
import io.restassured.http.Method;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.http.NoHttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MLflow's REST API (tracking, registry, artifact proxy) at one base URI. Holds no connection: after a rollout
 * the way to it moves, and a new client for the new URI is all it takes.
 */
public final class MlflowClient {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowClient.class);

    private static final String API = "/api/2.0/mlflow/";
    private static final String ARTIFACTS = "/api/2.0/mlflow-artifacts/artifacts";
    private static final String PROXY_SCHEME = "mlflow-artifacts";
    private static final String DATASETS = "/api/3.0/mlflow/datasets/";
    private static final String SCORERS = "/api/3.0/mlflow/scorers/";
    private static final String TRACES_V3 = "/api/3.0/mlflow/traces";
    private static final String GATEWAY = "/api/3.0/mlflow/gateway/";
    private static final String WORKSPACES = "/api/3.0/mlflow/workspaces";
    private static final String ISSUES = "/api/3.0/mlflow/issues";
    private static final String LABEL_SCHEMAS = "/api/3.0/mlflow/label-schemas/";
    private static final String REVIEW_QUEUES = "/api/3.0/mlflow/review-queues/";
    private static final String MCP_SERVERS = "/api/3.0/mlflow/mcp-servers";
    /** The request header that names the workspace a request is made in; none: the server's default workspace. */
    private static final String WORKSPACE_HEADER = "X-MLflow-Workspace";

    /**
     * Bodies in UTF-8, but Content-Type without "; charset=": MLflow 2.x's users/create compares the header with
     * "application/json" as a whole string and answers 400 to anything else.
     */
    private static final RestAssuredConfig CONFIG = RestAssuredConfig.config()
            .encoderConfig(encoderConfig()
                    .defaultContentCharset("UTF-8")
                    .appendDefaultContentCharsetToContentTypeIfUndefined(false))
            .httpClient(httpClientConfig()
                    .setParam("http.connection.timeout", 10_000)
                    .setParam("http.socket.timeout", 120_000));

    private final URI baseUri;
    private final int pageSize;
    private final BasicAuth user;
    private final String workspace;
    private final RequestSpecification spec;

    public MlflowClient(URI baseUri) {
        this(baseUri, 1000, null, null);
    }

    private MlflowClient(URI baseUri, int pageSize, BasicAuth user, String workspace) {
        this.baseUri = baseUri;
        this.pageSize = pageSize;
        this.user = user;
        this.workspace = workspace;
        RequestSpecBuilder builder =
                new RequestSpecBuilder().setBaseUri(baseUri.toString()).setConfig(CONFIG);
        if (user != null) {
            // Preemptive: MLflow's basic-auth app answers 401 to a request without credentials, uploads included.
            builder.setAuth(RestAssured.preemptive().basic(user.username(), user.password()));
        }
        if (workspace != null) {
            builder.addHeader(WORKSPACE_HEADER, workspace);
        }
        this.spec = builder.build();
    }

    /** The same server, read {@code pageSize} items per search request (small pages prove paging works). */
    public MlflowClient withPageSize(int pageSize) {
        return new MlflowClient(baseUri, pageSize, user, workspace);
    }

    /** The same server, every request sent as {@code user} (MLflow's basic-auth app). */
    public MlflowClient authenticatedAs(BasicAuth user) {
        return new MlflowClient(baseUri, pageSize, user, workspace);
    }

    /**
     * The same server, every request made in workspace {@code name} (MLflow 3.10 on, with workspaces enabled): the
     * server keeps each workspace's experiments, models and the rest apart, and serves a request only its own.
     */
    public MlflowClient inWorkspace(String name) {
        return new MlflowClient(baseUri, pageSize, user, name);
    }

    /** The same client (user, page size, workspace) at another way to the server: a port-forward to one of its pods, say. */
    public MlflowClient at(URI otherBaseUri) {
        return new MlflowClient(otherBaseUri, pageSize, user, workspace);
    }

    /** Whether requests carry a user: then the server's basic-auth API can be read. */
    public boolean authenticated() {
        return user != null;
    }

    /** The users and permissions of MLflow's basic-auth app, as this client's user (an admin) sees them. */
    public MlflowUsers users() {
        return new MlflowUsers(this);
    }

    /** The workspace every request is made in; null: none named, the server's default. */
    public String workspace() {
        return workspace;
    }

    public URI baseUri() {
        return baseUri;
    }

    public String health() {
        return send(Method.GET, "/health", r -> r).asString().trim();
    }

    public String version() {
        return send(Method.GET, "/version", r -> r).asString().trim();
    }

    // --- experiments

    public String createExperiment(String name, Map<String, String> tags) {
        return post("experiments/create", Map.of("name", name, "tags", Tag.fromMap(tags)))
                .path("experiment_id")
                .asText();
    }

    public Experiment experiment(String experimentId) {
        return read(
                get("experiments/get", Map.of("experiment_id", experimentId)).path("experiment"), Experiment.class);
    }

    public Optional<Experiment> experimentByName(String name) {
        try {
            return Optional.of(read(
                    get("experiments/get-by-name", Map.of("experiment_name", name))
                            .path("experiment"),
                    Experiment.class));
        } catch (MlflowException e) {
            if ("RESOURCE_DOES_NOT_EXIST".equals(e.errorCode())) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Every experiment, active and deleted, across all pages. */
    public List<Experiment> experiments() {
        return pages(
                "experiments",
                Experiment.class,
                token -> post("experiments/search", page(token, Map.of("view_type", "ALL"))));
    }

    /** Soft-deletes the experiment and marks its runs deleted; {@code mlflow gc} removes them all. */
    public void deleteExperiment(String experimentId) {
        post("experiments/delete", Map.of("experiment_id", experimentId));
    }

    /** Makes a deleted experiment active again, and every run of it. */
    public void restoreExperiment(String experimentId) {
        post("experiments/restore", Map.of("experiment_id", experimentId));
    }

    public void setExperimentTag(String experimentId, String key, String value) {
        post("experiments/set-experiment-tag", Map.of("experiment_id", experimentId, "key", key, "value", value));
    }

    // --- runs

    public Run createRun(String experimentId, String runName, long startTime, Map<String, String> tags) {
        return read(
                post(
                                "runs/create",
                                Map.of(
                                        "experiment_id",
                                        experimentId,
                                        "run_name",
                                        runName,
                                        "start_time",
                                        startTime,
                                        "tags",
                                        Tag.fromMap(tags)))
                        .path("run"),
                Run.class);
    }

    /** {@code endTime} null leaves the run without one, as a run that has not ended. */
    public Run.Info updateRun(String runId, RunStatus status, Long endTime) {
        Map<String, Object> update = new LinkedHashMap<>(Map.of("run_id", runId, "status", status.name()));
        if (endTime != null) {
            update.put("end_time", endTime);
        }
        return read(post("runs/update", update).path("run_info"), Run.Info.class);
    }

    public Run run(String runId) {
        return read(get("runs/get", Map.of("run_id", runId)).path("run"), Run.class);
    }

    /** Every run, active and deleted, of the given experiments, across all pages. */
    public List<Run> runs(List<String> experimentIds) {
        return pages(
                "runs",
                Run.class,
                token -> post(
                        "runs/search", page(token, Map.of("experiment_ids", experimentIds, "run_view_type", "ALL"))));
    }

    /** Soft-deletes the run: it stays, in lifecycle stage deleted, until {@code mlflow gc} removes it. */
    public void deleteRun(String runId) {
        post("runs/delete", Map.of("run_id", runId));
    }

    /** Makes a deleted run active again, all its data as it was. */
    public void restoreRun(String runId) {
        post("runs/restore", Map.of("run_id", runId));
    }

    public void setTag(String runId, String key, String value) {
        post("runs/set-tag", Map.of("run_id", runId, "key", key, "value", value));
    }

    /** Records the datasets the run read, each with its input tags ({@code mlflow.data.context} ...). */
    public void logInputs(String runId, List<Run.DatasetInput> inputs) {
        post("runs/log-inputs", Map.of("run_id", runId, "datasets", inputs));
    }

    /** Sends the batch in as many requests as MLflow's per-request limits need. */
    public void logBatch(String runId, LogBatch batch) {
        for (LogBatch chunk : batch.chunks()) {
            post(
                    "runs/log-batch",
                    Map.of(
                            "run_id",
                            runId,
                            "metrics",
                            chunk.metrics(),
                            "params",
                            chunk.params(),
                            "tags",
                            chunk.tags()));
        }
    }

    /**
     * Every logged value of one metric, in the order the server returns them. MLflow 3.x pages this; 2.9.2 ignores
     * {@code max_results} and sends everything at once, without a page token.
     */
    public List<Metric> metricHistory(String runId, String metricKey) {
        return pages(
                "metrics",
                Metric.class,
                token -> get("metrics/get-history", page(token, Map.of("run_id", runId, "metric_key", metricKey))));
    }

    // --- logged models (MLflow 3)

    /** A logged model in status PENDING until {@link #finalizeLoggedModel(String)}. */
    public LoggedModel createLoggedModel(
            String experimentId,
            String name,
            String modelType,
            String sourceRunId,
            Map<String, String> params,
            Map<String, String> tags) {
        return read(
                post(
                                "logged-models",
                                Map.of(
                                        "experiment_id",
                                        experimentId,
                                        "name",
                                        name,
                                        "model_type",
                                        modelType,
                                        "source_run_id",
                                        sourceRunId,
                                        "params",
                                        Tag.fromMap(params),
                                        "tags",
                                        Tag.fromMap(tags)))
                        .path("model"),
                LoggedModel.class);
    }

    /** Logs one point to the run's history and, through {@code model_id}, to the logged model's metrics. */
    public void logModelMetric(String runId, String modelId, Metric metric) {
        post(
                "runs/log-metric",
                Map.of(
                        "run_id",
                        runId,
                        "model_id",
                        modelId,
                        "key",
                        metric.key(),
                        "value",
                        metric.value(),
                        "timestamp",
                        metric.timestamp(),
                        "step",
                        metric.step()));
    }

    /**
     * Marks the model READY. The handler takes the status as the proto enum's number (2, LOGGED_MODEL_READY), not
     * its name.
     */
    public LoggedModel finalizeLoggedModel(String modelId) {
        return read(
                sendJson(Method.PATCH, API + "logged-models/" + modelId, Map.of("model_id", modelId, "status", 2))
                        .path("model"),
                LoggedModel.class);
    }

    /** Every logged model of the given experiments, across all pages. */
    public List<LoggedModel> loggedModels(List<String> experimentIds) {
        return pages(
                "models",
                LoggedModel.class,
                token -> post("logged-models/search", page(token, Map.of("experiment_ids", experimentIds))));
    }

    // --- traces, through the REST API 2.0 (MLflow 2.14 on)

    /**
     * Opens a trace (StartTrace): the server gives it its id and the location of its files, and keeps
     * {@code timestampMs} as its start.
     */
    public TraceInfo startTrace(
            String experimentId, long timestampMs, Map<String, String> metadata, Map<String, String> tags) {
        return trace(
                Method.POST,
                API + "traces",
                Map.of("experiment_id", experimentId, "timestamp_ms", timestampMs),
                metadata,
                tags);
    }

    /** Closes the trace (EndTrace) at {@code timestampMs}: the server keeps the time from its start as its duration. */
    public TraceInfo endTrace(
            String requestId, long timestampMs, String status, Map<String, String> metadata, Map<String, String> tags) {
        return trace(
                Method.PATCH,
                API + "traces/" + requestId,
                Map.of("request_id", requestId, "timestamp_ms", timestampMs, "status", status),
                metadata,
                tags);
    }

    /** StartTrace and EndTrace both take the metadata and tags, and answer with the trace's info. */
    private TraceInfo trace(
            Method method,
            String path,
            Map<String, Object> fields,
            Map<String, String> metadata,
            Map<String, String> tags) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("request_metadata", Tag.fromMap(metadata));
        body.put("tags", Tag.fromMap(tags));
        return read(sendJson(method, path, body).path("trace_info"), TraceInfo.class);
    }

    /** Every trace of the given experiments, across all pages (SearchTraces). */
    public List<TraceInfo> traces(List<String> experimentIds) {
        return pages(
                "traces",
                TraceInfo.class,
                token -> get("traces", tracePage(token, Map.of("experiment_ids", experimentIds))));
    }

    /**
     * The assessments of every trace of the given experiments, by trace id, as the REST API 3.0 serves them in each
     * trace's info (SearchTracesV3, {@code POST /api/3.0/mlflow/traces/search}, 3.2.0 to 3.17.2), which 3.x clients'
     * search_traces reads: the REST API 2.0's SearchTraces leaves them out ({@code TraceInfoV2.from_v3}).
     */
    public Map<String, List<Assessment>> traceAssessments(List<String> experimentIds) {
        List<Map<String, Object>> locations =
                experimentIds.stream().map(TraceInfoV3::location).toList();
        Map<String, List<Assessment>> assessments = new TreeMap<>();
        pages(
                        "traces",
                        Assessment.OfTrace.class,
                        token -> sendJson(
                                Method.POST, TRACES_V3 + "/search", tracePage(token, Map.of("locations", locations))))
                .forEach(trace -> assessments.put(
                        trace.traceId(), trace.assessments() == null ? List.of() : trace.assessments()));
        return assessments;
    }

    /**
     * Sets a tag on a recorded trace (SetTraceTag, MLflow 2.14 on): the REST API 2.0's route, which 3.x clients use
     * too ({@code RestStore.set_trace_tag} of 3.2.0 to 3.18.0).
     */
    public void setTraceTag(String traceId, String key, String value) {
        sendJson(Method.PATCH, API + "traces/" + traceId + "/tags", Map.of("key", key, "value", value));
    }

    /** Deletes a tag of a recorded trace (DeleteTraceTag, MLflow 2.14 on), the key in the body as the client sends it. */
    public void deleteTraceTag(String traceId, String key) {
        sendJson(Method.DELETE, API + "traces/" + traceId + "/tags", Map.of("key", key));
    }

    /** Links recorded traces to a run (LinkTracesToRun, MLflow 3.3 on), at most 100 at a time. */
    public void linkTracesToRun(String runId, List<String> traceIds) {
        sendJson(Method.POST, API + "traces/link-to-run", Map.of("trace_ids", traceIds, "run_id", runId));
    }

    /**
     * The ids of the traces of {@code experimentId} that the run finds (SearchTracesV3 with {@code run_id = '<id>'},
     * MLflow 3.2 on): as the Python client and a run's page ask, the store answers with the traces logged inside the
     * run (their metadata {@code mlflow.sourceRun}) and, from 3.3, those linked to it.
     */
    public List<String> traceIdsOfRun(String experimentId, String runId) {
        Map<String, Object> request =
                Map.of("locations", List.of(TraceInfoV3.location(experimentId)), "filter", "run_id = '" + runId + "'");
        return pages(
                        "traces",
                        JsonNode.class,
                        token -> sendJson(Method.POST, TRACES_V3 + "/search", tracePage(token, request)))
                .stream()
                .map(trace -> trace.path("trace_id").asText())
                .toList();
    }

    /**
     * Logs {@code assessment} to the trace (CreateAssessment, MLflow 3.2 on), as the Python client's
     * {@code RestStore.create_assessment} does; the answer holds the id the server gave it.
     */
    public Assessment createAssessment(String traceId, Assessment assessment) {
        return read(
                sendJson(Method.POST, TRACES_V3 + "/" + traceId + "/assessments", Map.of("assessment", assessment))
                        .path("assessment"),
                Assessment.class);
    }

    /** A page of a trace search, which are at most 500 long. */
    private Map<String, Object> tracePage(String token, Map<String, ?> request) {
        Map<String, Object> paged = page(token, request);
        paged.put("max_results", Math.min(pageSize, 500));
        return paged;
    }

    /**
     * Records a finished trace (StartTraceV3, MLflow 3.2 on), as 3.x clients do at the root span's end:
     * {@code traceId} is the client's, the server adds the location of its files as a tag. Times travel as protobuf's
     * JSON Timestamp and Duration. The answer is the trace's info as the REST API 2.0 shapes it.
     */
    public TraceInfo startTraceV3(TraceInfoV3 info) {
        JsonNode answer = sendJson(Method.POST, TRACES_V3, Map.of("trace", Map.of("trace_info", info.toJson())))
                .path("trace")
                .path("trace_info");
        return new TraceInfo(
                answer.path("trace_id").asText(),
                info.experimentId(),
                info.requestTimeMs(),
                info.executionDurationMs(),
                info.state(),
                Tag.fromMap(textMap(answer.path("trace_metadata"))),
                Tag.fromMap(textMap(answer.path("tags"))));
    }

    /**
     * Puts the trace's spans ({@link TraceData} or {@link TraceDataV3}) where its info says, through the artifact
     * proxy, as the Python client does.
     */
    public void uploadTraceData(TraceInfo trace, Object data) {
        try {
            upload(traceDataPath(trace), Mappers.MLFLOW.writeValueAsBytes(data));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the spans of trace " + trace.requestId(), e);
        }
    }

    /**
     * Logs spans to the tracking store (MLflow 3.4 on) as the Python client's {@code RestStore.log_spans} does: OTLP
     * over HTTP, as protobuf, the only encoding 3.4 to 3.11 take, under the experiment the header names.
     */
    public void logSpans(String experimentId, ExportTraceServiceRequest spans) {
        send(
                Method.POST,
                "/v1/traces",
                r -> r.contentType("application/x-protobuf")
                        .header("x-mlflow-experiment-id", experimentId)
                        .body(spans.toByteArray()));
    }

    /**
     * The trace's spans where they are: in the tracking store for a trace tagged so (BatchGetTraces, MLflow 3.6 on),
     * else in {@code traces.json}, as TracingClient of 3.17.2 looks for them.
     */
    public SortedMap<String, TraceSnapshot.SpanSnapshot> traceSpans(TraceInfo trace) {
        if (TraceInfo.TRACKING_STORE.equals(trace.tagMap().get(TraceInfo.SPANS_LOCATION_TAG))) {
            JsonNode found = getFrom(TRACES_V3 + "/batchGet", Map.of("trace_ids", List.of(trace.requestId())))
                    .path("traces")
                    .path(0);
            return read(found, StoredSpans.class).snapshots();
        }
        return traceDataSpans(trace);
    }

    /**
     * The spans in the file {@link #uploadTraceData} or a client wrote, in either format: a 2.x span has a
     * {@code context}, as {@code Span.from_dict} of 3.x tells them apart.
     */
    private SortedMap<String, TraceSnapshot.SpanSnapshot> traceDataSpans(TraceInfo trace) {
        // Bytes, not text: the proxy names no charset, and the spans hold non-ASCII UTF-8.
        byte[] json = send(Method.GET, traceDataPath(trace), r -> r).asByteArray();
        try {
            JsonNode file = Mappers.MLFLOW.readTree(json);
            return file.path("spans").path(0).has("context")
                    ? Mappers.MLFLOW.treeToValue(file, TraceData.class).snapshots()
                    : Mappers.MLFLOW.treeToValue(file, TraceDataV3.class).snapshots();
        } catch (IOException e) {
            throw new IllegalStateException("the spans of trace " + trace.requestId() + " are no trace data", e);
        }
    }

    private static String traceDataPath(TraceInfo trace) {
        String location = trace.tagMap().get(TraceInfo.ARTIFACT_LOCATION_TAG);
        return ARTIFACTS + "/" + proxyPath("trace " + trace.requestId(), location) + "/" + TraceData.FILE;
    }

    // --- artifacts, through the server's artifact proxy

    /**
     * Uploads through the artifact proxy. The way to the server breaks now and then in the middle of a request body:
     * a port-forward stalls (on a cluster the harness does not own), a connection through the node port is reset
     * before any answer (seen once in a dozen scenarios on a loaded 2-core machine). An upload is an idempotent PUT,
     * so one that timed out or whose connection broke before an answer is sent once more on a new connection; the
     * snapshot comparison afterwards still proves every byte (a stalled request may yet store a truncated file after
     * the retry).
     */
    public void uploadArtifact(Run run, String path, byte[] content) {
        upload(ARTIFACTS + "/" + proxyRoot(run) + "/" + path, content);
    }

    private void upload(String url, byte[] content) {
        try {
            send(Method.PUT, url, r -> r.contentType(ContentType.BINARY).body(content));
        } catch (Exception e) {
            if (!brokeBeforeAnAnswer(e)) {
                throw e;
            }
            LOG.warn(
                    "upload to {} ({} bytes) got no answer ({}); sending it once more",
                    url,
                    content.length,
                    e.toString());
            send(Method.PUT, url, r -> r.contentType(ContentType.BINARY).body(content));
        }
    }

    /** A timeout, a reset connection or one closed without a response: the request may not have reached MLflow. */
    private static boolean brokeBeforeAnAnswer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException
                    || cause instanceof SocketException
                    || cause instanceof NoHttpResponseException) {
                return true;
            }
        }
        return false;
    }

    /** The URL at which the artifact proxy takes {@code path} of {@code run}: where an upload PUTs its bytes. */
    public URI artifactUrl(Run run, String path) {
        return baseUri.resolve(ARTIFACTS + "/" + proxyRoot(run) + "/" + path);
    }

    /** The artifact's bytes as a stream; the caller closes it. */
    public InputStream openArtifact(Run run, String path) {
        return send(Method.GET, ARTIFACTS + "/" + proxyRoot(run) + "/" + path, r -> r)
                .asInputStream();
    }

    /** Every file (not directory) under the run's artifact root, recursively, paths relative to that root. */
    public List<ArtifactFile> artifacts(Run run) {
        List<ArtifactFile> files = new ArrayList<>();
        collectArtifacts(proxyRoot(run), "", files);
        return files;
    }

    private void collectArtifacts(String root, String dir, List<ArtifactFile> files) {
        String listed = dir.isEmpty() ? root : root + "/" + dir;
        JsonNode listing =
                send(Method.GET, ARTIFACTS, r -> r.queryParam("path", listed)).as(JsonNode.class);
        for (JsonNode entry : listing.path("files")) {
            // The proxy names entries relative to the listed directory.
            String path = dir.isEmpty()
                    ? entry.path("path").asText()
                    : dir + "/" + entry.path("path").asText();
            if (entry.path("is_dir").asBoolean()) {
                collectArtifacts(root, path, files);
            } else {
                files.add(new ArtifactFile(path, false, entry.path("file_size").asLong()));
            }
        }
    }

    /**
     * Where the artifact proxy keeps the files of run {@code runId}, relative to its destination (the bucket's root):
     * {@code 1/abc/artifacts}, or {@code workspaces/<name>/1/abc/artifacts} for a run of an experiment created with
     * workspaces on.
     */
    public String proxiedArtifactRoot(String runId) {
        return proxyRoot(run(runId));
    }

    /** {@code mlflow-artifacts:/1/abc/artifacts} -> {@code 1/abc/artifacts}: where the proxy keeps the run's files. */
    private static String proxyRoot(Run run) {
        return proxyPath("run " + run.id(), run.info().artifactUri());
    }

    private static String proxyPath(String owner, String location) {
        URI uri = URI.create(location);
        if (!PROXY_SCHEME.equals(uri.getScheme())) {
            throw new IllegalStateException(owner + " keeps its artifacts at " + uri
                    + ", not behind the artifact proxy (" + PROXY_SCHEME + ":/); is the server started with"
                    + " --serve-artifacts?");
        }
        return uri.getPath().replaceFirst("^/+", "");
    }

    // --- model registry

    public RegisteredModel createRegisteredModel(String name, String description, Map<String, String> tags) {
        return read(
                post(
                                "registered-models/create",
                                Map.of("name", name, "description", orEmpty(description), "tags", Tag.fromMap(tags)))
                        .path("registered_model"),
                RegisteredModel.class);
    }

    public RegisteredModel registeredModel(String name) {
        return read(get("registered-models/get", Map.of("name", name)).path("registered_model"), RegisteredModel.class);
    }

    public List<RegisteredModel> registeredModels() {
        return pages(
                "registered_models",
                RegisteredModel.class,
                token -> get("registered-models/search", page(token, Map.of())));
    }

    /**
     * {@code source} is where the model's files are, normally a path under the run's artifact URI; {@code runId} null
     * for a version of no run (a prompt's).
     */
    public ModelVersion createModelVersion(
            String modelName, String source, String runId, String description, Map<String, String> tags) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", modelName);
        request.put("source", source);
        if (runId != null) {
            request.put("run_id", runId);
        }
        request.put("description", orEmpty(description));
        request.put("tags", Tag.fromMap(tags));
        return read(post("model-versions/create", request).path("model_version"), ModelVersion.class);
    }

    /** Moves the version to {@code stage}, leaving the model's other versions where they are. */
    public ModelVersion transitionStage(String modelName, String version, String stage) {
        return read(
                post(
                                "model-versions/transition-stage",
                                Map.of(
                                        "name",
                                        modelName,
                                        "version",
                                        version,
                                        "stage",
                                        stage,
                                        "archive_existing_versions",
                                        false))
                        .path("model_version"),
                ModelVersion.class);
    }

    public ModelVersion modelVersion(String modelName, String version) {
        return read(
                get("model-versions/get", Map.of("name", modelName, "version", version))
                        .path("model_version"),
                ModelVersion.class);
    }

    public List<ModelVersion> modelVersions(String modelName) {
        return modelVersionsWhere("name='" + modelName.replace("'", "\\'") + "'");
    }

    /**
     * The prompts of the registry (2.21 on), which {@link #registeredModels()} does not list from a SQL registry: its
     * searches show prompts only to a filter on their tag.
     */
    public List<RegisteredModel> prompts() {
        return pages(
                "registered_models",
                RegisteredModel.class,
                token -> get("registered-models/search", page(token, Map.of("filter", Prompts.FILTER))));
    }

    /** The versions of a prompt, which {@link #modelVersions(String)} does not list, as {@link #prompts()}. */
    public List<ModelVersion> promptVersions(String promptName) {
        return modelVersionsWhere("name='" + promptName.replace("'", "\\'") + "' AND " + Prompts.FILTER);
    }

    private List<ModelVersion> modelVersionsWhere(String filter) {
        return pages(
                "model_versions",
                ModelVersion.class,
                token -> get("model-versions/search", page(token, Map.of("filter", filter))));
    }

    /** Aliases exist since MLflow 2.3, so on every version this harness supports (2.9.2 and 3.x). */
    public void setAlias(String modelName, String alias, String version) {
        post("registered-models/alias", Map.of("name", modelName, "alias", alias, "version", version));
    }

    /** MLflow keeps the row, hidden from every read; from 3.17 the version's aliases go with it. */
    public void deleteModelVersion(String modelName, String version) {
        sendJson(Method.DELETE, API + "model-versions/delete", Map.of("name", modelName, "version", version));
    }

    public ModelVersion modelVersionByAlias(String modelName, String alias) {
        return read(
                get("registered-models/alias", Map.of("name", modelName, "alias", alias))
                        .path("model_version"),
                ModelVersion.class);
    }

    // --- model registry webhooks (MLflow 3.3 on)

    /** Creates the webhook; the server signs its deliveries with the secret and never serves the secret back. */
    public Webhook createWebhook(Webhook.Request request) {
        return read(post("webhooks", request.toJson()).path("webhook"), Webhook.class);
    }

    /** Every webhook, across all pages. */
    public List<Webhook> webhooks() {
        return pages("webhooks", Webhook.class, token -> get("webhooks", page(token, Map.of())));
    }

    // --- evaluation datasets (MLflow 3.4 on), under the REST API 3.0

    /** {@code tags} travel as one JSON text, as the handler parses them. */
    public EvaluationDataset createEvaluationDataset(
            String name, List<String> experimentIds, Map<String, String> tags) {
        return read(
                sendJson(
                                Method.POST,
                                DATASETS + "create",
                                Map.of(
                                        "name",
                                        name,
                                        "experiment_ids",
                                        experimentIds,
                                        "tags",
                                        CanonicalJson.of(new TreeMap<>(tags))))
                        .path("dataset"),
                EvaluationDataset.class);
    }

    /** Inserts the records, or merges into those with the same inputs; they travel as one JSON text. */
    public void upsertDatasetRecords(String datasetId, List<Map<String, Object>> records) {
        sendJson(
                Method.POST,
                DATASETS + datasetId + "/records",
                Map.of("dataset_id", datasetId, "records", CanonicalJson.of(records)));
    }

    /** Every evaluation dataset, across all pages. */
    public List<EvaluationDataset> evaluationDatasets() {
        return pages(
                "datasets",
                EvaluationDataset.class,
                token -> sendJson(Method.POST, DATASETS + "search", page(token, Map.of())));
    }

    public List<String> evaluationDatasetExperimentIds(String datasetId) {
        List<String> ids = new ArrayList<>();
        getFrom(DATASETS + datasetId + "/experiment-ids", Map.of())
                .path("experiment_ids")
                .forEach(id -> ids.add(id.asText()));
        return ids;
    }

    /** Every record of the dataset, across all pages; each page holds its records as one JSON text. */
    public List<EvaluationDataset.Record> datasetRecords(String datasetId) {
        List<EvaluationDataset.Record> records = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = getFrom(DATASETS + datasetId + "/records", page(token, Map.of()));
            tryParse(page.path("records").asText("[]"))
                    .forEach(record -> records.add(read(record, EvaluationDataset.Record.class)));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return records;
    }

    // --- registered scorers (MLflow 3.4 on), under the REST API 3.0

    /** Registers the next version of the experiment's scorer {@code name}; the answer is its number. */
    public int registerScorer(String experimentId, String name, String serializedScorer) {
        return sendJson(
                        Method.POST,
                        SCORERS + "register",
                        Map.of("experiment_id", experimentId, "name", name, "serialized_scorer", serializedScorer))
                .path("version")
                .asInt();
    }

    /** The latest version of each scorer of an active experiment (a deleted one's are refused). */
    public List<Scorer> scorers(String experimentId) {
        return scorers("list", Map.of("experiment_id", experimentId));
    }

    /** Every version of the experiment's scorer {@code name}. */
    public List<Scorer> scorerVersions(String experimentId, String name) {
        return scorers("versions", Map.of("experiment_id", experimentId, "name", name));
    }

    private List<Scorer> scorers(String endpoint, Map<String, String> query) {
        return items(getFrom(SCORERS + endpoint, query), "scorers", Scorer.class);
    }

    // --- AI Gateway configuration (MLflow 3.8 on), under the REST API 3.0

    /** Stores the secret encrypted; the answer, as every read, holds only its masked values. */
    public GatewaySecret createGatewaySecret(Map<String, ?> request) {
        return read(sendJson(Method.POST, GATEWAY + "secrets/create", request).path("secret"), GatewaySecret.class);
    }

    public GatewayModelDefinition createGatewayModelDefinition(Map<String, ?> request) {
        return read(
                sendJson(Method.POST, GATEWAY + "model-definitions/create", request)
                        .path("model_definition"),
                GatewayModelDefinition.class);
    }

    public GatewayEndpoint createGatewayEndpoint(Map<String, ?> request) {
        return read(
                sendJson(Method.POST, GATEWAY + "endpoints/create", request).path("endpoint"), GatewayEndpoint.class);
    }

    public void setGatewayEndpointTag(String endpointId, String key, String value) {
        sendJson(
                Method.POST,
                GATEWAY + "endpoints/set-tag",
                Map.of("endpoint_id", endpointId, "key", key, "value", value));
    }

    /**
     * Binds an endpoint to a resource that uses it (CreateGatewayEndpointBinding): on 3.8.x the API is the only way to,
     * from 3.9 the server also binds a scorer judged through an endpoint when it is registered.
     */
    public GatewayEndpointBinding createGatewayEndpointBinding(Map<String, ?> request) {
        return read(
                sendJson(Method.POST, GATEWAY + "endpoints/bindings/create", request)
                        .path("binding"),
                GatewayEndpointBinding.class);
    }

    /** Every binding of every endpoint (ListGatewayEndpointBindings, no pages). */
    public List<GatewayEndpointBinding> gatewayEndpointBindings() {
        return gatewayList("endpoints/bindings", "bindings", GatewayEndpointBinding.class);
    }

    /** Creates a guardrail (CreateGatewayGuardrail, MLflow 3.12 on); the answer holds the id the server gave it. */
    public GatewayGuardrail createGatewayGuardrail(Map<String, ?> request) {
        return read(
                sendJson(Method.POST, GATEWAY + "guardrails/create", request).path("guardrail"),
                GatewayGuardrail.class);
    }

    /** Puts a guardrail on an endpoint, {@code executionOrder} among the endpoint's (AddGuardrailToEndpoint). */
    public void addGuardrailToEndpoint(String endpointId, String guardrailId, int executionOrder) {
        sendJson(
                Method.POST,
                GATEWAY + "guardrails/add-to-endpoint",
                Map.of("endpoint_id", endpointId, "guardrail_id", guardrailId, "execution_order", executionOrder));
    }

    /** Every guardrail, across all pages (ListGatewayGuardrails). */
    public List<GatewayGuardrail> gatewayGuardrails() {
        return pages(
                "guardrails",
                GatewayGuardrail.class,
                token -> getFrom(GATEWAY + "guardrails/list", page(token, Map.of())));
    }

    /** The guardrails on an endpoint (ListEndpointGuardrailConfigs, no pages). */
    public List<GatewayGuardrail.Config> gatewayGuardrailConfigs(String endpointId) {
        return items(
                getFrom(GATEWAY + "guardrails/list-for-endpoint", Map.of("endpoint_id", endpointId)),
                "configs",
                GatewayGuardrail.Config.class);
    }

    /** Creates a budget policy (CreateGatewayBudgetPolicy, MLflow 3.11 on); the answer holds the id the server gave it. */
    public GatewayBudgetPolicy createGatewayBudgetPolicy(Map<String, ?> request) {
        return read(
                sendJson(Method.POST, GATEWAY + "budgets/create", request).path("budget_policy"),
                GatewayBudgetPolicy.class);
    }

    /** Every budget policy, across all pages (ListGatewayBudgetPolicies). */
    public List<GatewayBudgetPolicy> gatewayBudgetPolicies() {
        return pages(
                "budget_policies",
                GatewayBudgetPolicy.class,
                token -> getFrom(GATEWAY + "budgets/list", page(token, Map.of())));
    }

    /** Every secret's info (the API has no pages); never a value. */
    public List<GatewaySecret> gatewaySecrets() {
        return gatewayList("secrets", "secrets", GatewaySecret.class);
    }

    public List<GatewayModelDefinition> gatewayModelDefinitions() {
        return gatewayList("model-definitions", "model_definitions", GatewayModelDefinition.class);
    }

    public List<GatewayEndpoint> gatewayEndpoints() {
        return gatewayList("endpoints", "endpoints", GatewayEndpoint.class);
    }

    /** The answers of the gateway's list reads as they come, to look for what they must not hold. */
    public String gatewayListings() {
        return String.join(
                "\n",
                getFrom(GATEWAY + "secrets/list", Map.of()).toString(),
                getFrom(GATEWAY + "model-definitions/list", Map.of()).toString(),
                getFrom(GATEWAY + "endpoints/list", Map.of()).toString());
    }

    /**
     * Calls the endpoint as the gateway's clients do (3.9 on, a FastAPI route beside the REST API), which first
     * decrypts the secrets of its models: the one request that needs the key the secrets were written with.
     */
    public JsonNode invokeGatewayEndpoint(String endpointName, Map<String, ?> body) {
        return sendJson(Method.POST, "/gateway/" + endpointName + "/mlflow/invocations", body);
    }

    private <T> List<T> gatewayList(String entities, String field, Class<T> type) {
        return items(getFrom(GATEWAY + entities + "/list", Map.of()), field, type);
    }

    // --- review of GenAI traces: issues (MLflow 3.11 on), label schemas and review queues (3.14 on)

    /** Creates an issue (CreateIssue: name, description and experiment_id required); the answer holds its id. */
    public Issue createIssue(Map<String, ?> request) {
        return read(sendJson(Method.POST, ISSUES, request).path("issue"), Issue.class);
    }

    /** Changes what {@code changes} names of an issue (UpdateIssue: name, description, status, severity). */
    public Issue updateIssue(String issueId, Map<String, ?> changes) {
        Map<String, Object> request = new LinkedHashMap<>(changes);
        request.put("issue_id", issueId);
        return read(sendJson(Method.PATCH, ISSUES + "/" + issueId, request).path("issue"), Issue.class);
    }

    /** Every issue of an experiment (SearchIssues, paged). */
    public List<Issue> issues(String experimentId) {
        return pages(
                "issues",
                Issue.class,
                token -> sendJson(Method.POST, ISSUES + "/search", page(token, Map.of("experiment_id", experimentId))));
    }

    public LabelSchema createLabelSchema(Map<String, ?> request) {
        return read(sendJson(Method.POST, LABEL_SCHEMAS + "create", request).path("label_schema"), LabelSchema.class);
    }

    /**
     * Every label schema of an experiment (ListLabelSchemas, paged), the default question among them: the server makes
     * it the first time an experiment's schemas are listed (3.14 on), so this read can write.
     */
    public List<LabelSchema> labelSchemas(String experimentId) {
        return pages(
                "label_schemas",
                LabelSchema.class,
                token -> getFrom(LABEL_SCHEMAS + "list", page(token, Map.of("experiment_id", experimentId))));
    }

    /** Creates a custom queue (CreateReviewQueue); its creator is the request's user, whatever the request says. */
    public ReviewQueue createReviewQueue(Map<String, ?> request) {
        return read(sendJson(Method.POST, REVIEW_QUEUES + "create", request).path("review_queue"), ReviewQueue.class);
    }

    /** The queue of one person in an experiment, made on first asking (GetOrCreateUserQueue). */
    public ReviewQueue userReviewQueue(String experimentId, String user) {
        return read(
                sendJson(
                                Method.POST,
                                REVIEW_QUEUES + "get-or-create-user",
                                Map.of("experiment_id", experimentId, "user", user))
                        .path("review_queue"),
                ReviewQueue.class);
    }

    public void addTracesToReviewQueue(String queueId, List<String> traceIds) {
        sendJson(
                Method.POST,
                REVIEW_QUEUES + "items/add",
                Map.of("queue_id", queueId, "item_type", "TRACE", "item_ids", traceIds));
    }

    /** Marks a trace of a queue reviewed (COMPLETE) or declined (DECLINED) by {@code completedBy}. */
    public void setReviewQueueItemStatus(String queueId, String traceId, String status, String completedBy) {
        sendJson(
                Method.POST,
                REVIEW_QUEUES + "items/set-status",
                Map.of("queue_id", queueId, "item_id", traceId, "status", status, "completed_by", completedBy));
    }

    /** Every queue of an experiment, custom and user ones (ListReviewQueues, paged). */
    public List<ReviewQueue> reviewQueues(String experimentId) {
        return pages(
                "review_queues",
                ReviewQueue.class,
                token -> getFrom(REVIEW_QUEUES + "list", page(token, Map.of("experiment_id", experimentId))));
    }

    /** Every item of a queue, whatever its status (ListReviewQueueItems, paged). */
    public List<ReviewQueue.Item> reviewQueueItems(String queueId) {
        return pages(
                "items",
                ReviewQueue.Item.class,
                token -> getFrom(REVIEW_QUEUES + "items/list", page(token, Map.of("queue_id", queueId))));
    }

    // --- MCP server registry (MLflow 3.15 on): a FastAPI router, paths naming a server by its name, slash and all

    public void createMcpServer(Map<String, ?> request) {
        sendJson(Method.POST, MCP_SERVERS, request);
    }

    /** Changes what {@code changes} names: display_name, description, icons. */
    public void updateMcpServer(String name, Map<String, ?> changes) {
        sendJson(Method.PATCH, mcpServer(name), changes);
    }

    public void createMcpServerVersion(String name, Map<String, ?> request) {
        sendJson(Method.POST, mcpServer(name) + "/versions", request);
    }

    public void setMcpServerTag(String name, String key, String value) {
        sendJson(Method.POST, mcpServer(name) + "/tags", Map.of("key", key, "value", value));
    }

    public void setMcpServerVersionTag(String name, String version, String key, String value) {
        sendJson(Method.POST, mcpServer(name) + "/versions/" + version + "/tags", Map.of("key", key, "value", value));
    }

    public void setMcpServerAlias(String name, String alias, String version) {
        sendJson(Method.POST, mcpServer(name) + "/aliases", Map.of("alias", alias, "version", version));
    }

    public void createMcpAccessEndpoint(String name, Map<String, ?> request) {
        sendJson(Method.POST, mcpServer(name) + "/endpoints", request);
    }

    /** A server's path: its name as it is, slash and all, which the router takes. */
    private static String mcpServer(String name) {
        return MCP_SERVERS + "/" + name;
    }

    /** Every server of the registry, across all pages. */
    public List<McpServer> mcpServers() {
        return pages("mcp_servers", McpServer.class, token -> getFrom(MCP_SERVERS, page(token, Map.of())));
    }

    /** Every version of a server, drafts among them, across all pages. */
    public List<McpServer.Version> mcpServerVersions(String name) {
        return pages(
                "mcp_server_versions",
                McpServer.Version.class,
                token -> getFrom(mcpServer(name) + "/versions", page(token, Map.of())));
    }

    /** Every access endpoint of a server, across all pages. */
    public List<McpServer.Endpoint> mcpAccessEndpoints(String name) {
        return pages(
                "mcp_access_endpoints",
                McpServer.Endpoint.class,
                token -> getFrom(mcpServer(name) + "/endpoints", page(token, Map.of())));
    }

    // --- workspaces (MLflow 3.10 on, when the server runs with them)

    /**
     * Whether the server keeps data per workspace ({@code server-info}'s {@code workspaces_enabled}): to ask of MLflow
     * 3.10 or later only, as 3.9.0 has no {@code server-info} (HTTP 404).
     */
    public boolean workspacesEnabled() {
        return getFrom("/api/3.0/mlflow/server-info", Map.of())
                .path("workspaces_enabled")
                .asBoolean(false);
    }

    /** {@code traceArchival}: null sends none, as a release before 3.13 takes it. */
    public void createWorkspace(String name, String description, Workspace.TraceArchivalConfig traceArchival) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", name);
        request.put("description", description);
        request.put("trace_archival_config", traceArchival);
        sendJson(Method.POST, WORKSPACES, request);
    }

    /** Every workspace, the default one included (ListWorkspaces, no pages). */
    public List<Workspace> workspaces() {
        return items(getFrom(WORKSPACES, Map.of()), "workspaces", Workspace.class);
    }

    // --- plumbing

    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }

    private Map<String, Object> page(String token, Map<String, ?> request) {
        Map<String, Object> paged = new LinkedHashMap<>(request);
        paged.put("max_results", pageSize);
        if (!token.isEmpty()) {
            paged.put("page_token", token);
        }
        return paged;
    }

    private static <T> List<T> pages(String field, Class<T> type, Function<String, JsonNode> request) {
        List<T> items = new ArrayList<>();
        String token = "";
        do {
            JsonNode page = request.apply(token);
            items.addAll(items(page, field, type));
            token = page.path("next_page_token").asText("");
        } while (!token.isEmpty());
        return items;
    }

    /** The items an answer holds as a list under {@code field}; none when it has no such field. */
    private static <T> List<T> items(JsonNode answer, String field, Class<T> type) {
        List<T> items = new ArrayList<>();
        answer.path(field).forEach(item -> items.add(read(item, type)));
        return items;
    }

    private JsonNode post(String endpoint, Map<String, ?> body) {
        return sendJson(Method.POST, API + endpoint, body);
    }

    /** A JSON request to any path of the server (the auth API has paths under /api/3.0 too). */
    JsonNode sendJson(Method method, String path, Map<String, ?> body) {
        String json;
        try {
            json = Mappers.MLFLOW.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request for " + path, e);
        }
        return parse(send(method, path, r -> r.contentType(ContentType.JSON).body(json)));
    }

    private JsonNode get(String endpoint, Map<String, ?> query) {
        return getFrom(API + endpoint, query);
    }

    /** A GET of any path of the server, its answer parsed. */
    JsonNode getFrom(String path, Map<String, ?> query) {
        return parse(send(Method.GET, path, r -> r.queryParams(query)));
    }

    private Response send(Method method, String path, Function<RequestSpecification, RequestSpecification> request) {
        Response response = Waits.on(
                WaitingOn.MLFLOW, () -> request.apply(RestAssured.given(spec)).request(method, path));
        if (response.statusCode() >= 300) {
            JsonNode error = tryParse(response.asString());
            throw new MlflowException(
                    method.name(),
                    path,
                    response.statusCode(),
                    error.path("error_code").isMissingNode()
                            ? null
                            : error.path("error_code").asText(),
                    error.path("message").asText(response.asString()));
        }
        return response;
    }

    private static JsonNode parse(Response response) {
        String body = response.asString();
        return body.isBlank() ? Mappers.MLFLOW.createObjectNode() : tryParse(body);
    }

    private static JsonNode tryParse(String body) {
        try {
            return Mappers.MLFLOW.readTree(body);
        } catch (JsonProcessingException e) {
            return Mappers.MLFLOW.createObjectNode();
        }
    }

    /** A protobuf map of strings, which JSON carries as an object. */
    private static Map<String, String> textMap(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.fields()
                .forEachRemaining(
                        field -> map.put(field.getKey(), field.getValue().asText()));
        return map;
    }

    private static <T> T read(JsonNode node, Class<T> type) {
        try {
            return Mappers.MLFLOW.treeToValue(node, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "MLflow sent a " + type.getSimpleName() + " this client cannot read: " + node, e);
        }
    }
}
