package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.DatasetRecordSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.EvaluationDatasetSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.LoggedModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ScorerSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.VersionSnapshot;
import io.mlflowchart.harness.mlflow.TraceSnapshot.AssessmentSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Data to write into MLflow: the snapshot a server must show afterwards, the bytes of every artifact in it keyed
 * {@code experiment/run/path}, the runs ({@code experiment/run}) and experiments to delete and restore on the way,
 * which the snapshot shows active, and the model versions to create, give an alias and delete, which it does not
 * show at all: what a restore must bring back, or a delete take away, is not visible in the result. And the webhooks
 * as sent, which {@link DataSnapshot#webhooks()} shows as served: a secret the server never serves back, a status
 * it fills in. And the values of the AI Gateway's secrets as sent, by secret name, which the server never serves either:
 * {@link DataSnapshot#gateway()} shows their masks. {@code workspaces}: the workspaces to create, each with the dataset
 * to write in it.
 * {@code traceKind} is how the release's clients write traces ({@link DataKind#TRACES} to {@link DataKind#TRACES_DB});
 * null when it has none. {@code traceEdits}, by trace key, what is done to a trace once recorded: the snapshot shows the
 * outcome.
 */
public record Dataset(
        DataSnapshot expected,
        Map<String, byte[]> artifactContents,
        Set<String> restoredRuns,
        Set<String> restoredExperiments,
        List<DeletedVersion> deletedVersions,
        DataKind traceKind,
        Map<String, TraceEdits> traceEdits,
        List<Webhook.Request> webhookRequests,
        Map<String, SortedMap<String, String>> gatewaySecretValues,
        List<InWorkspace> workspaces) {

    /** The stage MLflow gives a new model version. */
    static final String NO_STAGE = "None";

    /**
     * A workspace to create, with its description and trace archival setting (null: none), and the dataset to write
     * in it: what {@link DataSnapshot#workspaces()} shows under its name.
     */
    public record InWorkspace(
            String name, String description, Workspace.TraceArchivalConfig traceArchival, Dataset dataset) {

        public WorkspaceSnapshot snapshot() {
            return new WorkspaceSnapshot(name, description, traceArchival, dataset.expected());
        }
    }

    /** A version of {@code model} written after its others, given {@code alias}, then deleted. */
    public record DeletedVersion(String model, VersionSnapshot version, String alias) {}

    public Dataset {
        artifactContents = Map.copyOf(artifactContents);
        restoredRuns = Set.copyOf(restoredRuns);
        restoredExperiments = Set.copyOf(restoredExperiments);
        deletedVersions = List.copyOf(deletedVersions);
        traceEdits = Map.copyOf(traceEdits);
        webhookRequests = List.copyOf(webhookRequests);
        gatewaySecretValues = Map.copyOf(gatewaySecretValues);
        workspaces = List.copyOf(workspaces);
    }

    /**
     * Writes every experiment, run, artifact, model, version and alias of {@link #expected()}; deletes the
     * experiments and runs it shows deleted, deletes and restores {@link #restoredExperiments()} and
     * {@link #restoredRuns()}, and writes then deletes {@link #deletedVersions()}; then the rest of what
     * {@link #expected()} holds, the review of the traces (issues, label schemas, queues) and the MCP servers among it.
     * Last, creates each of {@link #workspaces()} and writes its dataset in it.
     */
    public void writeTo(MlflowClient client) {
        // First: a scorer judged through an endpoint names one that exists.
        DatasetGateway.write(client, expected.gateway(), gatewaySecretValues);
        Map<String, Run> runs = new HashMap<>();
        Map<String, String> experimentIds = new HashMap<>();
        Map<String, String> traceIds = new HashMap<>();
        for (ExperimentSnapshot experiment : expected.experiments().values()) {
            String experimentId = client.createExperiment(experiment.name(), experiment.tags());
            experimentIds.put(experiment.name(), experimentId);
            for (RunSnapshot run : experiment.runs().values()) {
                writeWithParent(client, experimentId, experiment, run, runs);
            }
            for (LoggedModelSnapshot model : expected.loggedModels().values()) {
                if (model.experiment().equals(experiment.name())) {
                    writeLoggedModel(client, experimentId, model, runs.get(model.sourceRun()));
                }
            }
            for (TraceSnapshot trace : expected.traces().values()) {
                if (trace.experiment().equals(experiment.name())) {
                    TraceEdits edits = traceEdits.getOrDefault(trace.key(), TraceEdits.NONE);
                    String traceId = writeTrace(client, experimentId, asRecorded(trace, edits, runs));
                    traceIds.put(trace.key(), traceId);
                    writeAssessments(client, traceId, trace);
                    edit(client, traceId, edits, runs);
                }
            }
            // Before any delete below: only an active experiment takes scorers.
            expected.scorers().values().stream()
                    .filter(scorer -> scorer.experiment().equals(experiment.name()))
                    .sorted(Comparator.comparingInt(ScorerSnapshot::version))
                    .forEach(scorer -> registerScorer(client, experimentId, scorer));
            if (DataSnapshot.DELETED.equals(experiment.lifecycleStage())) {
                client.deleteExperiment(experimentId);
            } else if (restoredExperiments.contains(experiment.name())) {
                client.deleteExperiment(experimentId);
                client.restoreExperiment(experimentId);
            }
        }
        for (ModelSnapshot model : expected.registeredModels().values()) {
            client.createRegisteredModel(model.name(), model.description(), model.tags());
            List<DeletedVersion> deleted = deletedVersions.stream()
                    .filter(version -> version.model().equals(model.name()))
                    .toList();
            model.versions().values().forEach(version -> writeVersion(client, model.name(), version, runs));
            deleted.forEach(version -> writeVersion(client, model.name(), version.version(), runs));
            model.versions().values().stream()
                    .filter(version -> !NO_STAGE.equals(version.stage()))
                    .forEach(version -> client.transitionStage(model.name(), version.version(), version.stage()));
            model.aliases().forEach((alias, version) -> client.setAlias(model.name(), alias, version));
            for (DeletedVersion version : deleted) {
                client.setAlias(model.name(), version.alias(), version.version().version());
                client.deleteModelVersion(model.name(), version.version().version());
            }
        }
        for (EvaluationDatasetSnapshot dataset : expected.evaluationDatasets().values()) {
            writeEvaluationDataset(client, dataset, experimentIds);
        }
        DatasetGateway.writeGuardrails(client, expected.gateway(), expected.scorers(), experimentIds);
        DatasetReview.write(client, expected.review(), experimentIds, runs, traceIds);
        DatasetMcpServers.write(client, expected.mcpServers());
        // Last, so that no webhook of the dataset is told of the models written above.
        webhookRequests.forEach(client::createWebhook);
        for (InWorkspace workspace : workspaces) {
            client.createWorkspace(workspace.name(), workspace.description(), workspace.traceArchival());
            workspace.dataset().writeTo(client.inWorkspace(workspace.name()));
        }
    }

    /** Versions are numbered in the order they are registered: the one written must get the number it expects. */
    private static void registerScorer(MlflowClient client, String experimentId, ScorerSnapshot scorer) {
        int version = client.registerScorer(experimentId, scorer.name(), scorer.serializedScorer());
        if (version != scorer.version()) {
            throw new IllegalStateException(
                    "scorer '" + scorer.key() + "' was registered as version " + version + ": was it written before?");
        }
    }

    /** Created in its experiments, then its records in one upsert. */
    private static void writeEvaluationDataset(
            MlflowClient client, EvaluationDatasetSnapshot dataset, Map<String, String> experimentIds) {
        EvaluationDataset created = client.createEvaluationDataset(
                dataset.name(),
                dataset.experiments().stream().map(experimentIds::get).toList(),
                dataset.tags());
        List<Map<String, Object>> records = new ArrayList<>();
        for (DatasetRecordSnapshot record : dataset.records().values()) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("inputs", CanonicalJson.parse(record.inputs()));
            fields.put("expectations", CanonicalJson.parse(record.expectations()));
            fields.put("tags", CanonicalJson.parse(record.tags()));
            fields.put("source", CanonicalJson.parse(record.source()));
            records.add(fields);
        }
        client.upsertDatasetRecords(created.datasetId(), records);
    }

    /** Versions are numbered in the order they are created: the one written must get the number it expects. */
    private static void writeVersion(
            MlflowClient client, String model, VersionSnapshot version, Map<String, Run> runs) {
        // A prompt's version comes from no run: its path is the whole source.
        Run run = version.run() == null ? null : runs.get(version.run());
        ModelVersion created = client.createModelVersion(
                model,
                run == null ? version.artifactPath() : run.info().artifactUri() + "/" + version.artifactPath(),
                run == null ? null : run.id(),
                version.description(),
                version.tags());
        if (!created.version().equals(version.version())) {
            throw new IllegalStateException("registered model '" + model + "' numbered the version " + created.version()
                    + " instead of " + version.version() + ": was it written before?");
        }
    }

    /** After its experiment's runs: a logged model names the run it comes from by id. */
    private static void writeLoggedModel(
            MlflowClient client, String experimentId, LoggedModelSnapshot model, Run source) {
        LoggedModel created = client.createLoggedModel(
                experimentId, model.name(), model.modelType(), source.id(), model.params(), model.tags());
        model.metrics()
                .forEach((key, history) -> history.forEach(point -> client.logModelMetric(
                        source.id(), created.id(), new Metric(key, point.value(), point.timestamp(), point.step()))));
        client.finalizeLoggedModel(created.id());
    }

    /**
     * {@code trace} as its client records it: with its tags before {@code edits}, and the run it was logged inside, if
     * any, by the id the server gave that run.
     */
    private static TraceSnapshot asRecorded(TraceSnapshot trace, TraceEdits edits, Map<String, Run> runs) {
        SortedMap<String, String> metadata = new TreeMap<>(trace.metadata());
        metadata.computeIfPresent(
                TraceSnapshot.SOURCE_RUN, (key, run) -> runs.get(run).id());
        return trace.with(edits.tagsBefore(trace), trace.assessments()).with(metadata, trace.runs());
    }

    /** As a client does once the trace is recorded, through the REST API 2.0, which 3.x clients use for these too. */
    private static void edit(MlflowClient client, String traceId, TraceEdits edits, Map<String, Run> runs) {
        edits.tagsSet().forEach((key, value) -> client.setTraceTag(traceId, key, value));
        edits.tagsDeleted().keySet().forEach(key -> client.deleteTraceTag(traceId, key));
        if (edits.linkedRun() != null) {
            client.linkTracesToRun(runs.get(edits.linkedRun()).id(), List.of(traceId));
        }
    }

    /** As the clients of the releases {@link #traceKind()} covers do; the answer is the trace's id. */
    private String writeTrace(MlflowClient client, String experimentId, TraceSnapshot trace) {
        return switch (traceKind) {
            case TRACES -> writeTraceV2(client, experimentId, trace);
            case TRACES_V3 -> writeTraceV3(client, experimentId, trace, otelTraceId());
            case TRACES_OTLP, TRACES_DB -> {
                String otelTraceId = otelTraceId();
                logSpans(client, experimentId, trace, otelTraceId);
                yield writeTraceV3(client, experimentId, trace, otelTraceId);
            }
            default -> throw new IllegalStateException(traceKind + " is no kind of trace");
        };
    }

    /**
     * As a 3.2 and later client logs them once the trace is recorded (mlflow.log_feedback, log_expectation and
     * override_feedback: TracingClient.log_assessment, RestStore.create_assessment), in the order of their times: an
     * override names what it overrides by the id the server gave that one.
     */
    private static void writeAssessments(MlflowClient client, String traceId, TraceSnapshot trace) {
        Map<String, String> spanIds = TraceSnapshot.clientSpanIds(trace.spans());
        Map<String, String> ids = new HashMap<>();
        List<AssessmentSnapshot> inOrder = trace.assessments().values().stream()
                .sorted(Comparator.comparingLong(AssessmentSnapshot::createTimeMs))
                .toList();
        for (AssessmentSnapshot assessment : inOrder) {
            String overridden = assessment.overrides() == null ? null : ids.get(assessment.overrides());
            if (assessment.overrides() != null && overridden == null) {
                throw new IllegalStateException("assessment '" + assessment.key() + "' of trace '" + trace.key()
                        + "' overrides '" + assessment.overrides() + "', which is not written before it");
            }
            Assessment created = client.createAssessment(
                    traceId,
                    Assessment.request(
                            assessment,
                            traceId,
                            assessment.span() == null ? null : spanIds.get(assessment.span()),
                            overridden));
            ids.put(assessment.key(), created.assessmentId());
        }
    }

    /**
     * As an MLflow 2.x client does (MlflowV2SpanExporter): StartTrace at the root span's start, EndTrace at its end,
     * then the spans as {@code traces.json} where the server said, each span naming the trace's request id. The
     * OpenTelemetry ids are the client's: the trace's is its request id, the spans' their order.
     */
    private static String writeTraceV2(MlflowClient client, String experimentId, TraceSnapshot trace) {
        TraceInfo started = client.startTrace(experimentId, trace.timestampMs(), trace.metadata(), trace.tags());
        TraceInfo ended = client.endTrace(
                started.requestId(),
                trace.timestampMs() + trace.executionTimeMs(),
                trace.status(),
                trace.metadata(),
                trace.tags());
        String traceId = "0x" + ended.requestId();
        Map<String, String> spanIds = TraceSnapshot.clientSpanIds(trace.spans());
        List<TraceData.Span> spans = new ArrayList<>();
        for (TraceSnapshot.SpanSnapshot span : trace.spans().values()) {
            Map<String, String> attributes = new TreeMap<>(span.attributes());
            attributes.put(TraceData.REQUEST_ID_ATTRIBUTE, "\"" + ended.requestId() + "\"");
            spans.add(new TraceData.Span(
                    span.name(),
                    new TraceData.Context("0x" + spanIds.get(span.name()), traceId),
                    span.parent() == null ? null : "0x" + spanIds.get(span.parent()),
                    span.startTimeNs(),
                    span.endTimeNs(),
                    span.statusCode(),
                    span.statusMessage(),
                    attributes,
                    List.of()));
        }
        Map<String, String> root = trace.spans().get(trace.name()).attributes();
        client.uploadTraceData(
                ended, new TraceData(spans, root.get("mlflow.spanInputs"), root.get("mlflow.spanOutputs")));
        return ended.requestId();
    }

    /** OpenTelemetry's ids are random: a trace written twice must not clash with itself. */
    private static String otelTraceId() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * As an MLflow 3.4+ client does before it records the trace: each span to the store as it ends, over OTLP
     * (MlflowV3SpanExporter._export_spans_incrementally, one export per span from the SimpleSpanProcessor).
     */
    private static void logSpans(MlflowClient client, String experimentId, TraceSnapshot trace, String otelTraceId) {
        Map<String, String> spanIds = TraceSnapshot.clientSpanIds(trace.spans());
        trace.spans().values().stream()
                .sorted(Comparator.comparingLong(TraceSnapshot.SpanSnapshot::endTimeNs))
                .forEach(span -> client.logSpans(
                        experimentId, OtlpSpanExport.of(otelTraceId, spanIds, "tr-" + otelTraceId, span)));
    }

    /**
     * As an MLflow 3.x client does (MlflowV3SpanExporter, TracingClient): at the root span's end one StartTraceV3
     * with the whole info, under an id the client makes of the OpenTelemetry trace id ("tr-" and its hex), the root's
     * inputs and outputs as previews; then the spans as {@code traces.json} where the server said, unless its answer
     * tags the trace as kept in the store (3.6 on, {@code _should_log_spans_to_artifacts}; 3.2 to 3.5 servers never
     * do, and those clients always write the file).
     */
    private static String writeTraceV3(
            MlflowClient client, String experimentId, TraceSnapshot trace, String otelTraceId) {
        String requestId = "tr-" + otelTraceId;
        Map<String, String> spanIds = TraceSnapshot.clientSpanIds(trace.spans());
        Map<String, String> root = trace.spans().get(trace.name()).attributes();
        TraceInfo started = client.startTraceV3(new TraceInfoV3(
                requestId,
                experimentId,
                trace.timestampMs(),
                trace.executionTimeMs(),
                trace.status(),
                root.get("mlflow.spanInputs"),
                root.getOrDefault("mlflow.spanOutputs", ""),
                trace.metadata(),
                clientTags(trace)));
        if (!TraceInfo.TRACKING_STORE.equals(started.tagMap().get(TraceInfo.SPANS_LOCATION_TAG))) {
            client.uploadTraceData(
                    started, TraceDataV3.of(otelTraceId, spanIds, "\"" + started.requestId() + "\"", trace.spans()));
        }
        return started.requestId();
    }

    /** The trace's tags but the one the store sets itself when it keeps the spans: the client sends none such. */
    private static Map<String, String> clientTags(TraceSnapshot trace) {
        Map<String, String> tags = new TreeMap<>(trace.tags());
        tags.remove(TraceInfo.SPANS_LOCATION_TAG);
        return tags;
    }

    /** Writes {@code run} once, its parent before it: the child's tag needs the parent's id. */
    private void writeWithParent(
            MlflowClient client,
            String experimentId,
            ExperimentSnapshot experiment,
            RunSnapshot run,
            Map<String, Run> written) {
        String key = experiment.name() + "/" + run.name();
        if (written.containsKey(key)) {
            return;
        }
        Map<String, String> tags = Map.of();
        if (run.parentRun() != null) {
            String prefix = experiment.name() + "/";
            RunSnapshot parent = run.parentRun().startsWith(prefix)
                    ? experiment.runs().get(run.parentRun().substring(prefix.length()))
                    : null;
            if (parent == null) {
                throw new IllegalStateException("run '" + key + "' has its parent '" + run.parentRun()
                        + "' outside its experiment; the dataset nests runs within one");
            }
            writeWithParent(client, experimentId, experiment, parent, written);
            tags = Map.of(Run.PARENT_ID_TAG, written.get(run.parentRun()).id());
        }
        written.put(key, writeRun(client, experimentId, key, run, tags));
    }

    /** The metrics of the logged models {@code runKey} is the source of: logged with the model, which logs the run's. */
    private Set<String> loggedModelMetrics(String runKey) {
        return expected.loggedModels().values().stream()
                .filter(model -> runKey.equals(model.sourceRun()))
                .flatMap(model -> model.metrics().keySet().stream())
                .collect(Collectors.toSet());
    }

    private Run writeRun(
            MlflowClient client, String experimentId, String key, RunSnapshot run, Map<String, String> tags) {
        Run created = client.createRun(experimentId, run.name(), run.startTime(), tags);
        List<Metric> metrics = new ArrayList<>();
        Set<String> ofModels = loggedModelMetrics(key);
        run.metrics().forEach((metric, history) -> {
            if (!ofModels.contains(metric)) {
                history.forEach(
                        point -> metrics.add(new Metric(metric, point.value(), point.timestamp(), point.step())));
            }
        });
        client.logBatch(created.id(), new LogBatch(metrics, Tag.fromMap(run.params()), Tag.fromMap(run.tags())));
        if (!run.inputs().isEmpty()) {
            client.logInputs(
                    created.id(),
                    run.inputs().values().stream()
                            .map(input -> new Run.DatasetInput(
                                    Tag.fromMap(input.tags()),
                                    new Run.Dataset(
                                            input.name(),
                                            input.digest(),
                                            input.sourceType(),
                                            input.source(),
                                            input.schema(),
                                            input.profile())))
                            .toList());
        }
        for (String path : run.artifacts().keySet()) {
            client.uploadArtifact(created, path, artifactContents.get(key + "/" + path));
        }
        if (run.status() != RunStatus.RUNNING) {
            client.updateRun(created.id(), run.status(), run.endTime());
        }
        // A run of a deleted experiment is not deleted on its own: deleting the experiment marks it.
        boolean withExperiment = DataSnapshot.DELETED.equals(expected.experiments()
                .get(key.substring(0, key.lastIndexOf('/')))
                .lifecycleStage());
        if (DataSnapshot.DELETED.equals(run.lifecycleStage()) && !withExperiment) {
            client.deleteRun(created.id());
        } else if (restoredRuns.contains(key)) {
            client.deleteRun(created.id());
            client.restoreRun(created.id());
        }
        return created;
    }
}
