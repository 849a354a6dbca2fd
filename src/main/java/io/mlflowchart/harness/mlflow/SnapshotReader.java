package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.images.ReleaseNumber;
import io.mlflowchart.harness.mlflow.DataSnapshot.ArtifactDigest;
import io.mlflowchart.harness.mlflow.DataSnapshot.DatasetInputSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.DatasetRecordSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.EvaluationDatasetSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ExperimentSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.LoggedModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.DataSnapshot.ModelSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.ScorerSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.VersionSnapshot;
import io.mlflowchart.harness.mlflow.DataSnapshot.WebhookSnapshot;
import io.mlflowchart.harness.mlflow.TraceSnapshot.SpanSnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Reads everything a server holds through its API into a {@link DataSnapshot}. */
final class SnapshotReader {

    private static final Comparator<MetricPoint> HISTORY_ORDER = Comparator.comparingLong(MetricPoint::step)
            .thenComparingLong(MetricPoint::timestamp)
            .thenComparingDouble(MetricPoint::value);

    private final MlflowClient client;
    private final Map<String, Run> runsById = new HashMap<>();
    private final Map<String, String> runKeysById = new HashMap<>();
    private final Set<String> runKeys = new HashSet<>();
    /** The traces (keys) referencing each issue (by id), found among the traces' assessments. */
    private final Map<String, SortedSet<String>> tracesByIssue = new HashMap<>();

    SnapshotReader(MlflowClient client) {
        this.client = client;
    }

    DataSnapshot read() {
        List<Experiment> experiments = client.experiments().stream()
                .filter(experiment -> !IgnoredFields.AVAILABILITY_PROBE.equals(experiment.name()))
                .toList();
        // Every run's key first: a child run names its parent by id, and the parent may be read after it.
        Map<String, List<Run>> runsByExperiment = new HashMap<>();
        for (Experiment experiment : experiments) {
            List<Run> runs = client.runs(List.of(experiment.experimentId()));
            runs.forEach(run -> index(experiment, run));
            runsByExperiment.put(experiment.experimentId(), runs);
        }
        SortedMap<String, ExperimentSnapshot> snapshots = new TreeMap<>();
        for (Experiment experiment : experiments) {
            snapshots.put(
                    experiment.name(), readExperiment(experiment, runsByExperiment.get(experiment.experimentId())));
        }
        SortedMap<String, ModelSnapshot> models = new TreeMap<>();
        for (RegisteredModel model : client.registeredModels()) {
            models.put(model.name(), readModel(model));
        }
        // A registry that lists prompts among the models as well gives each one once.
        if (DataKinds.servedBy(client.version()).has(DataKind.PROMPTS)) {
            for (RegisteredModel prompt : client.prompts()) {
                models.put(prompt.name(), readModel(prompt));
            }
        }
        SortedMap<String, ScorerSnapshot> scorers = readScorers(experiments);
        SortedMap<String, TraceSnapshot> traces = readTraces(experiments, runsByExperiment);
        return new DataSnapshot(
                snapshots,
                models,
                new TreeMap<>(),
                readLoggedModels(experiments),
                traces,
                readWebhooks(),
                readEvaluationDatasets(experiments),
                scorers,
                readGateway(scorers),
                readReview(experiments, traces),
                readMcpServers(),
                readWorkspaces());
    }

    /**
     * Every workspace but the default one, each read as the default one is, through a client in it: asked of a
     * release since the first with workspaces, when the server runs with them, and not from within a workspace.
     */
    private SortedMap<String, WorkspaceSnapshot> readWorkspaces() {
        SortedMap<String, WorkspaceSnapshot> workspaces = new TreeMap<>();
        if (client.workspace() != null
                || !DataKinds.readableOn(DataKind.WORKSPACES, client.version())
                || !client.workspacesEnabled()) {
            return workspaces;
        }
        for (Workspace workspace : client.workspaces()) {
            if (!Workspace.DEFAULT.equals(workspace.name())) {
                workspaces.put(
                        workspace.name(),
                        new WorkspaceSnapshot(
                                workspace.name(),
                                workspace.description(),
                                workspace.traceArchivalConfig(),
                                new SnapshotReader(client.inWorkspace(workspace.name())).read()));
            }
        }
        return workspaces;
    }

    /**
     * The gateway's secrets, model definitions and endpoints, asked of any release since the first with a gateway; a
     * model definition names its secret, an endpoint its models, by name. What 3.8.x does not serve reads as an older
     * release's data does after the upgrade: no usage tracking, every model linked as a primary one. Bindings and
     * guardrails name scorers by their keys in {@code scorers}.
     */
    private GatewaySnapshot readGateway(SortedMap<String, ScorerSnapshot> scorers) {
        if (!DataKinds.readableOn(DataKind.GATEWAY_ENDPOINTS, client.version())) {
            return GatewaySnapshot.empty();
        }
        SortedMap<String, GatewaySnapshot.SecretSnapshot> secrets = new TreeMap<>();
        for (GatewaySecret secret : client.gatewaySecrets()) {
            secrets.put(
                    secret.secretName(),
                    new GatewaySnapshot.SecretSnapshot(
                            secret.secretId(),
                            secret.secretName(),
                            secret.provider(),
                            secret.maskedValues() == null ? new TreeMap<>() : new TreeMap<>(secret.maskedValues()),
                            secret.authConfigMap()));
        }
        Map<String, String> modelNames = new HashMap<>();
        SortedMap<String, GatewaySnapshot.ModelDefinitionSnapshot> models = new TreeMap<>();
        for (GatewayModelDefinition model : client.gatewayModelDefinitions()) {
            modelNames.put(model.modelDefinitionId(), model.name());
            models.put(
                    model.name(),
                    new GatewaySnapshot.ModelDefinitionSnapshot(
                            model.modelDefinitionId(),
                            model.name(),
                            model.secretName(),
                            model.provider(),
                            model.modelName()));
        }
        SortedMap<String, GatewaySnapshot.EndpointSnapshot> endpoints = new TreeMap<>();
        boolean askInvocations = ReleaseNumber.of(client.version()).within(DatasetGateway.INVOCATIONS, null);
        for (GatewayEndpoint endpoint : client.gatewayEndpoints()) {
            List<GatewaySnapshot.ModelLink> links = endpoint.modelMappings() == null
                    ? List.of()
                    : endpoint.modelMappings().stream()
                            .map(mapping -> new GatewaySnapshot.ModelLink(
                                    modelNames.get(mapping.modelDefinitionId()),
                                    mapping.linkageType() == null ? DatasetGateway.PRIMARY : mapping.linkageType(),
                                    mapping.weight() == null ? 0 : mapping.weight(),
                                    mapping.fallbackOrder()))
                            .sorted(Comparator.comparing(
                                    GatewaySnapshot.ModelLink::modelDefinition,
                                    Comparator.nullsFirst(Comparator.naturalOrder())))
                            .toList();
            endpoints.put(
                    endpoint.name(),
                    new GatewaySnapshot.EndpointSnapshot(
                            endpoint.endpointId(),
                            endpoint.name(),
                            links,
                            Tag.toMap(endpoint.tags()),
                            endpoint.routingStrategy(),
                            Boolean.TRUE.equals(endpoint.usageTracking()),
                            askInvocations ? providerKeys(endpoint.name()) : null));
        }
        SortedMap<String, GatewaySnapshot.BudgetSnapshot> budgets = new TreeMap<>();
        if (DataKinds.readableOn(DataKind.GATEWAY_BUDGETS, client.version())) {
            for (GatewayBudgetPolicy policy : client.gatewayBudgetPolicies()) {
                GatewaySnapshot.BudgetSnapshot budget = new GatewaySnapshot.BudgetSnapshot(
                        policy.budgetPolicyId(),
                        policy.targetScope(),
                        policy.budgetAction(),
                        policy.duration().unit(),
                        policy.duration().value(),
                        policy.budgetUnit(),
                        policy.budgetAmount(),
                        policy.createdBy());
                putOnce(budgets, budget.key(), budget, "gateway budget policies");
            }
        }
        return new GatewaySnapshot(
                secrets,
                models,
                endpoints,
                budgets,
                readBindings(endpoints, scorers),
                readGuardrails(endpoints, scorers));
    }

    /**
     * Every binding of an endpoint (3.8 on), the endpoint by name, a scorer it binds by the scorer's key; what else it
     * binds, by the id it was written with.
     */
    private SortedMap<String, GatewaySnapshot.BindingSnapshot> readBindings(
            SortedMap<String, GatewaySnapshot.EndpointSnapshot> endpoints, SortedMap<String, ScorerSnapshot> scorers) {
        Map<String, String> endpointNames = new HashMap<>();
        endpoints.values().forEach(endpoint -> endpointNames.put(endpoint.id(), endpoint.name()));
        Map<String, String> scorerKeys = new HashMap<>();
        // Every version of a scorer has its id: the binding names the scorer, not a version.
        scorers.values().stream()
                .filter(scorer -> scorer.id() != null)
                .forEach(scorer -> scorerKeys.put(scorer.id(), scorer.scorer()));
        SortedMap<String, GatewaySnapshot.BindingSnapshot> bindings = new TreeMap<>();
        for (GatewayEndpointBinding binding : client.gatewayEndpointBindings()) {
            GatewaySnapshot.BindingSnapshot snapshot = new GatewaySnapshot.BindingSnapshot(
                    endpointNames.getOrDefault(binding.endpointId(), binding.endpointId()),
                    binding.resourceType(),
                    GatewaySnapshot.SCORER.equals(binding.resourceType())
                            ? scorerKeys.getOrDefault(binding.resourceId(), binding.resourceId())
                            : binding.resourceId(),
                    binding.displayName(),
                    binding.createdBy());
            putOnce(bindings, snapshot.key(), snapshot, "gateway bindings");
        }
        return bindings;
    }

    /**
     * Every guardrail (3.12 on), with the scorer version it runs by that version's key and the endpoints it is on,
     * asked of each endpoint.
     */
    private SortedMap<String, GatewaySnapshot.GuardrailSnapshot> readGuardrails(
            SortedMap<String, GatewaySnapshot.EndpointSnapshot> endpoints, SortedMap<String, ScorerSnapshot> scorers) {
        SortedMap<String, GatewaySnapshot.GuardrailSnapshot> guardrails = new TreeMap<>();
        if (!DataKinds.readableOn(DataKind.GATEWAY_GUARDRAILS, client.version())) {
            return guardrails;
        }
        Map<String, SortedMap<String, Integer>> endpointsOf = new HashMap<>();
        for (GatewaySnapshot.EndpointSnapshot endpoint : endpoints.values()) {
            for (GatewayGuardrail.Config config : client.gatewayGuardrailConfigs(endpoint.id())) {
                endpointsOf
                        .computeIfAbsent(config.guardrailId(), id -> new TreeMap<>())
                        .put(endpoint.name(), config.executionOrder());
            }
        }
        Map<String, String> scorerVersions = new HashMap<>();
        scorers.values().forEach(scorer -> scorerVersions.put(scorer.id() + "/" + scorer.version(), scorer.key()));
        for (GatewayGuardrail guardrail : client.gatewayGuardrails()) {
            String version =
                    guardrail.scorer().scorerId() + "/" + guardrail.scorer().scorerVersion();
            GatewaySnapshot.GuardrailSnapshot snapshot = new GatewaySnapshot.GuardrailSnapshot(
                    guardrail.guardrailId(),
                    guardrail.name(),
                    scorerVersions.getOrDefault(version, version),
                    guardrail.stage(),
                    guardrail.action(),
                    endpointsOf.get(guardrail.guardrailId()),
                    guardrail.createdBy());
            putOnce(guardrails, snapshot.name(), snapshot, "gateway guardrails");
        }
        return guardrails;
    }

    /**
     * Calls the endpoint with an empty payload: the server decrypts its models' provider keys first, then refuses the
     * payload, so no provider is called. Any other answer is what the snapshot keeps, to be compared.
     */
    private String providerKeys(String endpoint) {
        try {
            return "answered an empty payload: " + client.invokeGatewayEndpoint(endpoint, Map.of());
        } catch (MlflowException e) {
            return e.status() == 400 && e.getMessage().contains("payload format must be either chat or embeddings")
                    ? GatewaySnapshot.KEYS_DECRYPT
                    : e.getMessage();
        }
    }

    /** Every server of the MCP registry with its versions and access endpoints, asked of any release since 3.15. */
    private SortedMap<String, McpServerSnapshot> readMcpServers() {
        SortedMap<String, McpServerSnapshot> servers = new TreeMap<>();
        if (!DataKinds.readableOn(DataKind.MCP_SERVERS, client.version())) {
            return servers;
        }
        for (McpServer server : client.mcpServers()) {
            SortedMap<String, McpServerSnapshot.VersionSnapshot> versions = new TreeMap<>();
            for (McpServer.Version version : client.mcpServerVersions(server.name())) {
                putOnce(
                        versions,
                        version.version(),
                        new McpServerSnapshot.VersionSnapshot(
                                version.version(),
                                CanonicalJson.of(version.serverJson()),
                                version.status(),
                                CanonicalJson.of(version.tools()),
                                new TreeMap<>(version.tags()),
                                CanonicalJson.of(version.connectOptions())),
                        "versions of MCP server '" + server.name() + "'");
            }
            SortedMap<String, McpServerSnapshot.EndpointSnapshot> endpoints = new TreeMap<>();
            for (McpServer.Endpoint endpoint : client.mcpAccessEndpoints(server.name())) {
                putOnce(
                        endpoints,
                        endpoint.url(),
                        new McpServerSnapshot.EndpointSnapshot(
                                endpoint.id(),
                                endpoint.url(),
                                endpoint.transportType(),
                                endpoint.serverVersion(),
                                endpoint.serverAlias(),
                                endpoint.resolvedVersion() == null
                                        ? null
                                        : endpoint.resolvedVersion().version()),
                        "access endpoints of MCP server '" + server.name() + "'");
            }
            SortedMap<String, String> aliases = new TreeMap<>();
            server.aliases().forEach(alias -> aliases.put(alias.alias(), alias.version()));
            McpServerSnapshot snapshot = new McpServerSnapshot(
                    server.name(),
                    server.displayName(),
                    server.description(),
                    server.status(),
                    server.latestVersion(),
                    aliases,
                    new TreeMap<>(server.tags()),
                    versions,
                    endpoints,
                    server.createdBy());
            putOnce(servers, server.name(), snapshot, "MCP servers");
        }
        return servers;
    }

    /**
     * The issues of every active experiment, asked of any release since the first with them, and its label schemas
     * and review queues, likewise: an issue names the traces referencing it, a queue its schemas by name and its
     * traces, by their keys in {@code traces}.
     */
    private ReviewSnapshot readReview(List<Experiment> experiments, SortedMap<String, TraceSnapshot> traces) {
        SortedMap<String, ReviewSnapshot.IssueSnapshot> issues = new TreeMap<>();
        SortedMap<String, ReviewSnapshot.LabelSchemaSnapshot> schemas = new TreeMap<>();
        SortedMap<String, ReviewSnapshot.QueueSnapshot> queues = new TreeMap<>();
        Map<String, String> traceKeys = new HashMap<>();
        traces.values().forEach(trace -> traceKeys.put(trace.id(), trace.key()));
        for (Experiment experiment : experiments) {
            if (DataSnapshot.DELETED.equals(experiment.lifecycleStage())) {
                continue;
            }
            if (DataKinds.readableOn(DataKind.ISSUES, client.version())) {
                readIssues(experiment, issues);
            }
            if (DataKinds.readableOn(DataKind.LABEL_SCHEMAS, client.version())) {
                Map<String, String> schemaNames = readLabelSchemas(experiment, schemas);
                if (DataKinds.readableOn(DataKind.REVIEW_QUEUES, client.version())) {
                    readQueues(experiment, schemaNames, traceKeys, queues);
                }
            }
        }
        return new ReviewSnapshot(issues, schemas, queues);
    }

    private void readIssues(Experiment experiment, SortedMap<String, ReviewSnapshot.IssueSnapshot> into) {
        for (Issue issue : client.issues(experiment.experimentId())) {
            ReviewSnapshot.IssueSnapshot snapshot = new ReviewSnapshot.IssueSnapshot(
                    issue.issueId(),
                    experiment.name(),
                    issue.name(),
                    issue.description(),
                    issue.status(),
                    issue.severity(),
                    issue.rootCauses(),
                    runKey(issue.sourceRunId()),
                    issue.categories(),
                    tracesByIssue.get(issue.issueId()),
                    issue.createdBy());
            putOnce(into, snapshot.key(), snapshot, "issues");
        }
    }

    /**
     * The experiment's label schemas but the default question the server seeds on listing, which this very read
     * makes; the answer is every schema's name by id, that one's too.
     */
    private Map<String, String> readLabelSchemas(
            Experiment experiment, SortedMap<String, ReviewSnapshot.LabelSchemaSnapshot> into) {
        Map<String, String> names = new HashMap<>();
        for (LabelSchema schema : client.labelSchemas(experiment.experimentId())) {
            names.put(schema.schemaId(), schema.name());
            if (Boolean.TRUE.equals(schema.isDefault())) {
                continue;
            }
            ReviewSnapshot.LabelSchemaSnapshot snapshot = new ReviewSnapshot.LabelSchemaSnapshot(
                    schema.schemaId(),
                    experiment.name(),
                    schema.name(),
                    schema.type(),
                    schema.instruction(),
                    schema.enableComment(),
                    CanonicalJson.of(schema.input()));
            putOnce(into, snapshot.key(), snapshot, "label schemas");
        }
        return names;
    }

    private void readQueues(
            Experiment experiment,
            Map<String, String> schemaNames,
            Map<String, String> traceKeys,
            SortedMap<String, ReviewSnapshot.QueueSnapshot> into) {
        for (ReviewQueue queue : client.reviewQueues(experiment.experimentId())) {
            SortedMap<String, ReviewSnapshot.ItemSnapshot> items = new TreeMap<>();
            for (ReviewQueue.Item item : client.reviewQueueItems(queue.queueId())) {
                putOnce(
                        items,
                        traceKeys.getOrDefault(item.itemId(), "<unknown trace " + item.itemId() + ">"),
                        new ReviewSnapshot.ItemSnapshot(item.status(), item.completedBy()),
                        "items of review queue '" + queue.name() + "'");
            }
            ReviewSnapshot.QueueSnapshot snapshot = new ReviewSnapshot.QueueSnapshot(
                    queue.queueId(),
                    experiment.name(),
                    queue.name(),
                    queue.queueType(),
                    queue.users(),
                    queue.schemaIds().stream()
                            .map(id -> schemaNames.getOrDefault(id, "<unknown label schema " + id + ">"))
                            .toList(),
                    items,
                    queue.createdBy());
            putOnce(into, snapshot.key(), snapshot, "review queues");
        }
    }

    /**
     * Every version of every scorer of the active experiments (the store refuses a deleted one's), asked of any release
     * since the first with scorers.
     */
    private SortedMap<String, ScorerSnapshot> readScorers(List<Experiment> experiments) {
        SortedMap<String, ScorerSnapshot> scorers = new TreeMap<>();
        if (!DataKinds.readableOn(DataKind.SCORERS, client.version())) {
            return scorers;
        }
        for (Experiment experiment : experiments) {
            if (DataSnapshot.DELETED.equals(experiment.lifecycleStage())) {
                continue;
            }
            for (Scorer latest : client.scorers(experiment.experimentId())) {
                for (Scorer version : client.scorerVersions(experiment.experimentId(), latest.scorerName())) {
                    ScorerSnapshot snapshot = new ScorerSnapshot(
                            version.scorerId(),
                            experiment.name(),
                            version.scorerName(),
                            version.scorerVersion(),
                            CanonicalJson.ofText(version.serializedScorer()),
                            version.creationTime());
                    scorers.put(snapshot.key(), snapshot);
                }
            }
        }
        return scorers;
    }

    /** Asked of any release since the first with webhooks, so those an older release wrote are read after an upgrade. */
    private SortedMap<String, WebhookSnapshot> readWebhooks() {
        SortedMap<String, WebhookSnapshot> webhooks = new TreeMap<>();
        if (!DataKinds.readableOn(DataKind.WEBHOOKS, client.version())) {
            return webhooks;
        }
        for (Webhook webhook : client.webhooks()) {
            WebhookSnapshot snapshot = new WebhookSnapshot(
                    webhook.webhookId(),
                    webhook.name(),
                    webhook.description(),
                    webhook.url(),
                    webhook.sortedEvents(),
                    webhook.status(),
                    webhook.creationTimestamp());
            putOnce(webhooks, webhook.name(), snapshot, "webhooks");
        }
        return webhooks;
    }

    /**
     * Asked of any release since the first with evaluation datasets; a dataset's experiments by name, its records
     * keyed by their inputs.
     */
    private SortedMap<String, EvaluationDatasetSnapshot> readEvaluationDatasets(List<Experiment> experiments) {
        SortedMap<String, EvaluationDatasetSnapshot> datasets = new TreeMap<>();
        if (!DataKinds.readableOn(DataKind.EVALUATION_DATASETS, client.version())) {
            return datasets;
        }
        Map<String, String> experimentNames = new HashMap<>();
        experiments.forEach(experiment -> experimentNames.put(experiment.experimentId(), experiment.name()));
        for (EvaluationDataset dataset : client.evaluationDatasets()) {
            SortedMap<String, DatasetRecordSnapshot> records = new TreeMap<>();
            for (EvaluationDataset.Record record : client.datasetRecords(dataset.datasetId())) {
                DatasetRecordSnapshot snapshot = new DatasetRecordSnapshot(
                        record.datasetRecordId(),
                        CanonicalJson.of(record.inputs()),
                        CanonicalJson.of(record.outputs()),
                        CanonicalJson.of(record.expectations()),
                        CanonicalJson.of(record.tags()),
                        CanonicalJson.of(record.source()),
                        record.sourceType(),
                        record.sourceId());
                putOnce(records, snapshot.inputs(), snapshot, "records of evaluation dataset '" + dataset.name() + "'");
            }
            EvaluationDatasetSnapshot snapshot = new EvaluationDatasetSnapshot(
                    dataset.datasetId(),
                    dataset.name(),
                    dataset.digest(),
                    dataset.createdTime(),
                    textMap(dataset.tags()),
                    client.evaluationDatasetExperimentIds(dataset.datasetId()).stream()
                            .map(id -> experimentNames.getOrDefault(id, "<unknown experiment " + id + ">"))
                            .sorted()
                            .toList(),
                    CanonicalJson.ofText(dataset.schema()),
                    CanonicalJson.ofText(dataset.profile()),
                    records);
            putOnce(datasets, dataset.name(), snapshot, "evaluation datasets");
        }
        return datasets;
    }

    /** A dataset's tags, a JSON object of strings. */
    private static SortedMap<String, String> textMap(String json) {
        SortedMap<String, String> map = new TreeMap<>();
        if (json != null && CanonicalJson.parse(json) instanceof Map<?, ?> tags) {
            tags.forEach((key, value) -> map.put(String.valueOf(key), String.valueOf(value)));
        }
        return map;
    }

    /** Asked only of a release that has logged models: 2.x answers their endpoints with 404. */
    private SortedMap<String, LoggedModelSnapshot> readLoggedModels(List<Experiment> experiments) {
        SortedMap<String, LoggedModelSnapshot> models = new TreeMap<>();
        if (experiments.isEmpty() || !DataKinds.servedBy(client.version()).has(DataKind.LOGGED_MODELS)) {
            return models;
        }
        Map<String, String> experimentNames = new HashMap<>();
        experiments.forEach(experiment -> experimentNames.put(experiment.experimentId(), experiment.name()));
        for (LoggedModel model : client.loggedModels(List.copyOf(experimentNames.keySet()))) {
            String experiment = experimentNames.get(model.info().experimentId());
            String key = experiment + "/" + model.info().name();
            SortedMap<String, List<MetricPoint>> metrics = new TreeMap<>();
            model.metrics()
                    .forEach(m -> metrics.computeIfAbsent(m.key(), k -> new ArrayList<>())
                            .add(new MetricPoint(m.step(), m.timestamp(), m.value())));
            metrics.values().forEach(history -> history.sort(HISTORY_ORDER));
            LoggedModelSnapshot snapshot = new LoggedModelSnapshot(
                    model.id(),
                    experiment,
                    model.info().name(),
                    runKey(model.info().sourceRunId()),
                    model.info().modelType(),
                    model.info().status(),
                    model.params(),
                    model.tags(),
                    metrics);
            putOnce(models, key, snapshot, "logged models");
        }
        return models;
    }

    /**
     * Through the REST API 2.0's SearchTraces, which every release from 2.14 to 3.17.2 serves, and each trace's spans
     * where they are ({@link MlflowClient#traceSpans}: the tracking store, or {@code traces.json} through the artifact
     * proxy): asked of any release since the first that wrote traces, so a trace an older release wrote is read back
     * after an upgrade. Their assessments through the REST API 3.0's SearchTracesV3, which serves them in each
     * trace's info, asked of any release since the first with them.
     */
    private SortedMap<String, TraceSnapshot> readTraces(
            List<Experiment> experiments, Map<String, List<Run>> runsByExperiment) {
        SortedMap<String, TraceSnapshot> traces = new TreeMap<>();
        if (experiments.isEmpty() || !DataKinds.readableOn(DataKind.TRACES, client.version())) {
            return traces;
        }
        Map<String, String> experimentNames = new HashMap<>();
        experiments.forEach(experiment -> experimentNames.put(experiment.experimentId(), experiment.name()));
        List<String> experimentIds = List.copyOf(experimentNames.keySet());
        Map<String, List<Assessment>> assessments = DataKinds.readableOn(DataKind.ASSESSMENTS, client.version())
                ? client.traceAssessments(experimentIds)
                : Map.of();
        List<TraceInfo> infos = client.traces(experimentIds);
        Map<String, SortedSet<String>> runsByTrace = runsFinding(infos, runsByExperiment);
        for (TraceInfo info : infos) {
            List<Assessment> issueReferences = new ArrayList<>();
            List<Assessment> others = new ArrayList<>();
            assessments
                    .getOrDefault(info.requestId(), List.of())
                    .forEach(assessment -> (assessment.isIssueReference() ? issueReferences : others).add(assessment));
            SortedMap<String, SpanSnapshot> spans = client.traceSpans(info);
            SortedMap<String, String> metadata = new TreeMap<>(info.metadata());
            metadata.computeIfPresent(TraceSnapshot.SOURCE_RUN, (key, runId) -> runKey(runId));
            TraceSnapshot trace = new TraceSnapshot(
                    info.requestId(),
                    experimentNames.get(info.experimentId()),
                    info.tagMap().get(TraceInfo.NAME_TAG),
                    info.timestampMs(),
                    info.executionTimeMs(),
                    info.status(),
                    metadata,
                    info.tagMap(),
                    spans,
                    Assessment.snapshots(others, spanNames(spans)),
                    runsByTrace.get(info.requestId()));
            putOnce(traces, trace.key(), trace, "traces");
            issueReferences.forEach(reference -> tracesByIssue
                    .computeIfAbsent(reference.assessmentName(), id -> new TreeSet<>())
                    .add(trace.key()));
        }
        return traces;
    }

    /**
     * The runs ({@code experiment/run}) that find each trace, by trace id: one search per run of an experiment holding
     * traces, as there is no API listing a trace's runs. Asked of any release since the first that links traces to runs,
     * so a link an older release kept is read back after an upgrade; before it, none.
     */
    private Map<String, SortedSet<String>> runsFinding(
            List<TraceInfo> traces, Map<String, List<Run>> runsByExperiment) {
        Map<String, SortedSet<String>> runsByTrace = new HashMap<>();
        if (!DataKinds.readableOn(DataKind.RUN_LINKED_TRACES, client.version())) {
            return runsByTrace;
        }
        Set<String> experimentsWithTraces = new TreeSet<>();
        traces.forEach(trace -> experimentsWithTraces.add(trace.experimentId()));
        for (String experimentId : experimentsWithTraces) {
            for (Run run : runsByExperiment.getOrDefault(experimentId, List.of())) {
                for (String traceId : client.traceIdsOfRun(experimentId, run.id())) {
                    runsByTrace.computeIfAbsent(traceId, id -> new TreeSet<>()).add(runKey(run.id()));
                }
            }
        }
        return runsByTrace;
    }

    /**
     * Span names by the ids the dataset's client gave the spans ({@link TraceSnapshot#clientSpanIds}), which an
     * assessment names its span by: the span readers leave ids out (each of the three formats writes them its own
     * way), and a span is compared by its name.
     */
    private static Map<String, String> spanNames(SortedMap<String, SpanSnapshot> spans) {
        Map<String, String> names = new HashMap<>();
        TraceSnapshot.clientSpanIds(spans).forEach((name, id) -> names.put(id, name));
        return names;
    }

    private void index(Experiment experiment, Run run) {
        String key = experiment.name() + "/" + run.info().runName();
        if (!runKeys.add(key)) {
            throw new IllegalStateException("experiment '" + experiment.name() + "' has two runs named '"
                    + run.info().runName() + "'; snapshots key runs by name");
        }
        runsById.put(run.id(), run);
        runKeysById.put(run.id(), key);
    }

    private ExperimentSnapshot readExperiment(Experiment experiment, List<Run> found) {
        SortedMap<String, RunSnapshot> runs = new TreeMap<>();
        for (Run run : found) {
            runs.put(run.info().runName(), readRun(run));
        }
        return new ExperimentSnapshot(
                experiment.experimentId(), experiment.name(), experiment.lifecycleStage(), experiment.tagMap(), runs);
    }

    private RunSnapshot readRun(Run run) {
        SortedMap<String, List<MetricPoint>> metrics = new TreeMap<>();
        for (String key : run.metricKeys()) {
            metrics.put(
                    key,
                    client.metricHistory(run.id(), key).stream()
                            .map(m -> new MetricPoint(m.step(), m.timestamp(), m.value()))
                            .sorted(HISTORY_ORDER)
                            .toList());
        }
        SortedMap<String, ArtifactDigest> artifacts = new TreeMap<>();
        for (ArtifactFile file : client.artifacts(run)) {
            artifacts.put(file.path(), digest(run, file.path()));
        }
        Run.Info info = run.info();
        return new RunSnapshot(
                info.runId(),
                info.runName(),
                runKey(run.tags().get(Run.PARENT_ID_TAG)),
                info.status(),
                info.startTime(),
                info.endTime(),
                info.lifecycleStage(),
                run.params(),
                metrics,
                run.tags(),
                artifacts,
                inputs(run));
    }

    private static SortedMap<String, DatasetInputSnapshot> inputs(Run run) {
        SortedMap<String, DatasetInputSnapshot> inputs = new TreeMap<>();
        for (Run.DatasetInput input : run.datasetInputs()) {
            Run.Dataset dataset = input.dataset();
            DatasetInputSnapshot snapshot = new DatasetInputSnapshot(
                    dataset.name(),
                    dataset.digest(),
                    dataset.sourceType(),
                    dataset.source(),
                    dataset.schema(),
                    dataset.profile(),
                    Tag.toMap(input.tags()));
            inputs.put(snapshot.key(), snapshot);
        }
        return inputs;
    }

    private ArtifactDigest digest(Run run, String path) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = new DigestInputStream(client.openArtifact(run, path), sha256)) {
            long size = in.transferTo(OutputStream.nullOutputStream());
            return new ArtifactDigest(HexFormat.of().formatHex(sha256.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException("reading artifact " + path + " of run " + run.id(), e);
        }
    }

    private ModelSnapshot readModel(RegisteredModel model) {
        SortedMap<String, VersionSnapshot> versions = new TreeMap<>();
        List<ModelVersion> found = Prompts.isPrompt(model.tagMap())
                ? client.promptVersions(model.name())
                : client.modelVersions(model.name());
        for (ModelVersion version : found) {
            versions.put(
                    version.version(),
                    new VersionSnapshot(
                            version.version(),
                            runKey(version.runId()),
                            artifactPath(version),
                            version.runId(),
                            version.source(),
                            version.status(),
                            version.currentStage(),
                            version.description(),
                            version.tagMap()));
        }
        return new ModelSnapshot(model.name(), model.description(), model.tagMap(), model.aliasMap(), versions);
    }

    private String runKey(String runId) {
        if (runId == null || runId.isEmpty()) {
            return null;
        }
        return runKeysById.getOrDefault(runId, "<unknown run " + runId + ">");
    }

    /** The version's source relative to its run's artifact root, or the whole source if it is elsewhere. */
    private String artifactPath(ModelVersion version) {
        Run run = runsById.get(version.runId());
        String source = version.source();
        if (run != null && source != null && source.startsWith(run.info().artifactUri() + "/")) {
            return source.substring(run.info().artifactUri().length() + 1);
        }
        return source;
    }

    /**
     * Keys are what snapshots compare by, so two entities under one key would hide one of them: that fails, naming
     * the key.
     */
    private static <T> void putOnce(Map<String, T> map, String key, T value, String what) {
        if (map.put(key, value) != null) {
            throw new IllegalStateException("two " + what + " have the key '" + key + "', which snapshots compare by");
        }
    }
}
