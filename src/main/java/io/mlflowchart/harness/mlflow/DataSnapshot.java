package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mlflowchart.harness.json.Mappers;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What an MLflow server holds, keyed by names that survive a reload ({@code experiment}, {@code experiment/run},
 * model name, version number, user name), not by the ids the server generated. Ids are still recorded, for the
 * report. Server-set timestamps and locations that embed ids are not recorded at all, but for the creation times of
 * webhooks, evaluation datasets and scorers, recorded as their ids are: see {@link IgnoredFields}.
 * {@code users}: the basic-auth users a scenario created, with their permissions; empty without basic auth.
 * {@code loggedModels}: MLflow 3's logged models, keyed {@code experiment/name}; empty on a release without them.
 * {@code traces}: traces with their spans and assessments, keyed {@code experiment/name}; empty on a release without
 * them.
 * {@code webhooks}: model registry webhooks, keyed by name; {@code evaluationDatasets}: keyed by name;
 * {@code scorers}: registered scorers' versions, keyed {@code experiment/name/version}; {@code gateway}: the AI Gateway's
 * secrets, model definitions and endpoints; {@code review}: issues, label schemas and review queues;
 * {@code mcpServers}: the MCP server registry's servers, keyed by name; each empty on a release without them.
 * {@code workspaces}: the workspaces besides the default one, keyed by name, each with what it holds; empty on a
 * server without workspaces. Everything else in the snapshot is the default workspace's.
 */
public record DataSnapshot(
        SortedMap<String, ExperimentSnapshot> experiments,
        SortedMap<String, ModelSnapshot> registeredModels,
        SortedMap<String, UserSnapshot> users,
        SortedMap<String, LoggedModelSnapshot> loggedModels,
        SortedMap<String, TraceSnapshot> traces,
        SortedMap<String, WebhookSnapshot> webhooks,
        SortedMap<String, EvaluationDatasetSnapshot> evaluationDatasets,
        SortedMap<String, ScorerSnapshot> scorers,
        GatewaySnapshot gateway,
        ReviewSnapshot review,
        SortedMap<String, McpServerSnapshot> mcpServers,
        SortedMap<String, WorkspaceSnapshot> workspaces) {

    /** MLflow's lifecycle stage of a soft-deleted experiment or run. */
    public static final String DELETED = "deleted";

    public DataSnapshot {
        experiments = new TreeMap<>(experiments);
        registeredModels = new TreeMap<>(registeredModels);
        users = users == null ? new TreeMap<>() : new TreeMap<>(users);
        loggedModels = loggedModels == null ? new TreeMap<>() : new TreeMap<>(loggedModels);
        traces = traces == null ? new TreeMap<>() : new TreeMap<>(traces);
        webhooks = webhooks == null ? new TreeMap<>() : new TreeMap<>(webhooks);
        evaluationDatasets = evaluationDatasets == null ? new TreeMap<>() : new TreeMap<>(evaluationDatasets);
        scorers = scorers == null ? new TreeMap<>() : new TreeMap<>(scorers);
        gateway = gateway == null ? GatewaySnapshot.empty() : gateway;
        review = review == null ? ReviewSnapshot.empty() : review;
        mcpServers = mcpServers == null ? new TreeMap<>() : new TreeMap<>(mcpServers);
        workspaces = workspaces == null ? new TreeMap<>() : new TreeMap<>(workspaces);
    }

    /** Tracking data, users, logged models and traces, nothing of MLflow 3.3's and later entities. */
    public DataSnapshot(
            SortedMap<String, ExperimentSnapshot> experiments,
            SortedMap<String, ModelSnapshot> registeredModels,
            SortedMap<String, UserSnapshot> users,
            SortedMap<String, LoggedModelSnapshot> loggedModels,
            SortedMap<String, TraceSnapshot> traces) {
        this(
                experiments,
                registeredModels,
                users,
                loggedModels,
                traces,
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(),
                GatewaySnapshot.empty(),
                ReviewSnapshot.empty(),
                new TreeMap<>(),
                new TreeMap<>());
    }

    /** Tracking data, users and logged models, no traces. */
    public DataSnapshot(
            SortedMap<String, ExperimentSnapshot> experiments,
            SortedMap<String, ModelSnapshot> registeredModels,
            SortedMap<String, UserSnapshot> users,
            SortedMap<String, LoggedModelSnapshot> loggedModels) {
        this(experiments, registeredModels, users, loggedModels, new TreeMap<>());
    }

    /** Tracking data and users, no logged models. */
    public DataSnapshot(
            SortedMap<String, ExperimentSnapshot> experiments,
            SortedMap<String, ModelSnapshot> registeredModels,
            SortedMap<String, UserSnapshot> users) {
        this(experiments, registeredModels, users, new TreeMap<>());
    }

    /** Tracking data only, no users. */
    public DataSnapshot(
            SortedMap<String, ExperimentSnapshot> experiments, SortedMap<String, ModelSnapshot> registeredModels) {
        this(experiments, registeredModels, new TreeMap<>());
    }

    public static DataSnapshot empty() {
        return new DataSnapshot(new TreeMap<>(), new TreeMap<>());
    }

    /** Tracking data only. */
    public static DataSnapshot readFrom(MlflowClient client) {
        return new SnapshotReader(client).read();
    }

    /**
     * Tracking data and the basic-auth users named {@code users} (MLflow 2.x has no API that lists users, so the
     * reader asks for each by name); a user the server does not have is absent from the snapshot.
     */
    public static DataSnapshot readFrom(MlflowClient client, Collection<String> users) {
        DataSnapshot tracking = readFrom(client);
        SortedMap<String, UserSnapshot> found = new TreeMap<>();
        if (!users.isEmpty()) {
            MlflowUsers api = client.users();
            users.forEach(name -> api.read(name).ifPresent(user -> found.put(name, user)));
        }
        return new DataSnapshot(
                tracking.experiments,
                tracking.registeredModels,
                found,
                tracking.loggedModels,
                tracking.traces,
                tracking.webhooks,
                tracking.evaluationDatasets,
                tracking.scorers,
                tracking.gateway,
                tracking.review,
                tracking.mcpServers,
                tracking.workspaces);
    }

    /** {@code id} is recorded, not compared; {@code runs} are keyed by run name. */
    public record ExperimentSnapshot(
            String id,
            String name,
            String lifecycleStage,
            SortedMap<String, String> tags,
            SortedMap<String, RunSnapshot> runs) {}

    /**
     * Times are the client's ({@code runs/create} start, {@code runs/update} end), so they are compared; a run never
     * finished has no end time. {@code parentRun} is the key ({@code experiment/run}) of the run its
     * {@code mlflow.parentRunId} tag names, null for a top-level run: the tag holds an id, the key survives a reload.
     */
    public record RunSnapshot(
            String id,
            String name,
            String parentRun,
            RunStatus status,
            Long startTime,
            Long endTime,
            String lifecycleStage,
            SortedMap<String, String> params,
            SortedMap<String, List<MetricPoint>> metrics,
            SortedMap<String, String> tags,
            SortedMap<String, ArtifactDigest> artifacts,
            SortedMap<String, DatasetInputSnapshot> inputs) {

        /** A snapshot written before runs had inputs reads as one without. */
        public RunSnapshot {
            inputs = inputs == null ? new TreeMap<>() : inputs;
        }
    }

    /**
     * A dataset among a run's inputs ({@code runs/log-inputs}), keyed {@code name@digest} in its run; {@code tags}
     * are the input's ({@code mlflow.data.context}: training, evaluation ...).
     */
    public record DatasetInputSnapshot(
            String name,
            String digest,
            String sourceType,
            String source,
            String schema,
            String profile,
            SortedMap<String, String> tags) {

        public String key() {
            return name + "@" + digest;
        }
    }

    public record MetricPoint(long step, long timestamp, double value) {}

    public record ArtifactDigest(String sha256, long size) {

        /** The digest of bytes a client writes. */
        public static ArtifactDigest of(byte[] content) {
            try {
                return new ArtifactDigest(
                        HexFormat.of()
                                .formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                        content.length);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** {@code permissions}: {@code experiment/<name>} or {@code registered-model/<name>} -> READ, EDIT, MANAGE. */
    public record UserSnapshot(String username, boolean admin, SortedMap<String, String> permissions) {

        public UserSnapshot {
            permissions = new TreeMap<>(permissions);
        }
    }

    /**
     * A logged model, keyed {@code experiment/name} (a dataset's names are unique; MLflow's need not be). {@code id}
     * is recorded, not compared; {@code sourceRun} is the key of the run it came from, resolved from its id;
     * {@code metrics}: every point logged for the model, by key.
     */
    public record LoggedModelSnapshot(
            String id,
            String experiment,
            String name,
            String sourceRun,
            String modelType,
            String status,
            SortedMap<String, String> params,
            SortedMap<String, String> tags,
            SortedMap<String, List<MetricPoint>> metrics) {}

    /**
     * A model registry webhook, keyed by name (a dataset's names are unique; MLflow's need not be). {@code id} and
     * {@code creationTimestamp} are the server's, recorded, not compared; {@code events} in {@link Webhook.Event}'s
     * order. No secret: the server takes one and never serves it ({@link Dataset#webhookRequests()}).
     */
    public record WebhookSnapshot(
            String id,
            String name,
            String description,
            String url,
            List<Webhook.Event> events,
            String status,
            Long creationTimestamp) {}

    /**
     * An evaluation dataset, keyed by name. {@code id}, {@code digest} (a hash of the name and the server's time) and
     * {@code createdTime} are the server's, recorded, not compared; {@code experiments}: the names of the experiments
     * it belongs to, sorted; {@code schema} and {@code profile}: what the store derives from the records, as
     * {@link CanonicalJson}; {@code records} keyed by their inputs, as MLflow tells records apart.
     */
    public record EvaluationDatasetSnapshot(
            String id,
            String name,
            String digest,
            Long createdTime,
            SortedMap<String, String> tags,
            List<String> experiments,
            String schema,
            String profile,
            SortedMap<String, DatasetRecordSnapshot> records) {}

    /**
     * A record of an evaluation dataset: its JSON values as {@link CanonicalJson}; {@code id} recorded, not compared;
     * {@code sourceId} and {@code sourceType} what the store derives from the source.
     */
    public record DatasetRecordSnapshot(
            String id,
            String inputs,
            String outputs,
            String expectations,
            String tags,
            String source,
            String sourceType,
            String sourceId) {}

    /**
     * A version of a scorer registered to {@code experiment}: {@code serializedScorer} as {@link CanonicalJson};
     * {@code id} (the scorer's, which 3.4.0 does not serve) and {@code creationTime} are the server's, recorded, not
     * compared.
     */
    public record ScorerSnapshot(
            String id, String experiment, String name, int version, String serializedScorer, Long creationTime) {

        public String key() {
            return scorer() + "/" + version;
        }

        /** The scorer, whichever version: {@code experiment/name}. */
        public String scorer() {
            return experiment + "/" + name;
        }
    }

    /** {@code aliases}: alias -> version. {@code versions}: keyed by version number. */
    public record ModelSnapshot(
            String name,
            String description,
            SortedMap<String, String> tags,
            SortedMap<String, String> aliases,
            SortedMap<String, VersionSnapshot> versions) {}

    /**
     * {@code run} is the run's key ({@code experiment/run}), resolved from the version's run id, and
     * {@code artifactPath} is the source relative to that run's artifact root: both survive a reload, while
     * {@code runId} and {@code source} (which embeds ids) are recorded only.
     */
    public record VersionSnapshot(
            String version,
            String run,
            String artifactPath,
            String runId,
            String source,
            String status,
            String stage,
            String description,
            SortedMap<String, String> tags) {}

    /**
     * Sizes for the report. {@code experiments} and {@code runs} count the deleted ones too, which
     * {@code deletedExperiments} and {@code deletedRuns} count apart (prompts are registered models, counted with them) (a run of a deleted experiment is deleted);
     * {@code longestValue}: the characters of the longest param or tag value, of runs, experiments, models and
     * versions, which drops if a server cuts values. Of the default workspace only.
     */
    public record Counts(
            int experiments,
            int runs,
            int params,
            int tags,
            int metricPoints,
            int artifacts,
            long artifactBytes,
            int registeredModels,
            int modelVersions,
            int aliases,
            int loggedModels,
            int datasetInputs,
            int traces,
            int spans,
            int deletedExperiments,
            int deletedRuns,
            int longestValue,
            int webhooks,
            int evaluationDatasets,
            int datasetRecords,
            int scorerVersions) {}

    public Counts counts() {
        List<RunSnapshot> runs = experiments.values().stream()
                .flatMap(e -> e.runs().values().stream())
                .toList();
        return new Counts(
                experiments.size(),
                runs.size(),
                runs.stream().mapToInt(r -> r.params().size()).sum(),
                runs.stream().mapToInt(r -> r.tags().size()).sum()
                        + experiments.values().stream()
                                .mapToInt(e -> e.tags().size())
                                .sum(),
                runs.stream()
                        .flatMap(r -> r.metrics().values().stream())
                        .mapToInt(List::size)
                        .sum(),
                runs.stream().mapToInt(r -> r.artifacts().size()).sum(),
                runs.stream()
                        .flatMap(r -> r.artifacts().values().stream())
                        .mapToLong(ArtifactDigest::size)
                        .sum(),
                registeredModels.size(),
                registeredModels.values().stream()
                        .mapToInt(m -> m.versions().size())
                        .sum(),
                registeredModels.values().stream()
                        .mapToInt(m -> m.aliases().size())
                        .sum(),
                loggedModels.size(),
                runs.stream().mapToInt(r -> r.inputs().size()).sum(),
                traces.size(),
                traces.values().stream().mapToInt(t -> t.spans().size()).sum(),
                (int) experiments.values().stream()
                        .filter(e -> DELETED.equals(e.lifecycleStage()))
                        .count(),
                (int) runs.stream()
                        .filter(r -> DELETED.equals(r.lifecycleStage()))
                        .count(),
                longestValue(runs),
                webhooks.size(),
                evaluationDatasets.size(),
                evaluationDatasets.values().stream()
                        .mapToInt(d -> d.records().size())
                        .sum(),
                scorers.size());
    }

    private int longestValue(List<RunSnapshot> runs) {
        return Stream.of(
                        runs.stream()
                                .flatMap(r -> Stream.concat(r.params().values().stream(), r.tags().values().stream())),
                        experiments.values().stream().flatMap(e -> e.tags().values().stream()),
                        registeredModels.values().stream().flatMap(m -> m.tags().values().stream()),
                        registeredModels.values().stream()
                                .flatMap(m -> m.versions().values().stream())
                                .flatMap(v -> v.tags().values().stream()))
                .flatMap(values -> values)
                .filter(Objects::nonNull)
                .mapToInt(value -> value.codePointCount(0, value.length()))
                .max()
                .orElse(0);
    }

    /** The differences that make this (actual) snapshot differ from {@code expected}. */
    public SnapshotDiff diffAgainst(DataSnapshot expected) {
        return SnapshotDiff.between(expected, this);
    }

    /** Returns when this (actual) snapshot equals {@code expected}; otherwise throws, listing every difference. */
    public void requireMatches(DataSnapshot expected) {
        requireMatches(expected, null);
    }

    /** As {@link #requireMatches(DataSnapshot)}, the failure starting with {@code [description]}. */
    public void requireMatches(DataSnapshot expected, String description) {
        SnapshotDiff diff = diffAgainst(expected);
        if (!diff.isEmpty()) {
            throw new SnapshotMismatch(description, diff);
        }
    }

    /** This snapshot with the experiments, models and users of {@code more} added, as after a second write. */
    public DataSnapshot plus(DataSnapshot more) {
        SortedMap<String, ExperimentSnapshot> allExperiments = new TreeMap<>(experiments);
        SortedMap<String, ModelSnapshot> allModels = new TreeMap<>(registeredModels);
        SortedMap<String, UserSnapshot> allUsers = new TreeMap<>(users);
        SortedMap<String, LoggedModelSnapshot> allLoggedModels = new TreeMap<>(loggedModels);
        more.experiments().forEach((name, experiment) -> {
            if (allExperiments.putIfAbsent(name, experiment) != null) {
                throw new IllegalArgumentException("experiment '" + name + "' is in both snapshots");
            }
        });
        more.registeredModels().forEach((name, model) -> {
            if (allModels.putIfAbsent(name, model) != null) {
                throw new IllegalArgumentException("registered model '" + name + "' is in both snapshots");
            }
        });
        more.users().forEach((name, user) -> {
            if (allUsers.putIfAbsent(name, user) != null) {
                throw new IllegalArgumentException("user '" + name + "' is in both snapshots");
            }
        });
        more.loggedModels().forEach((key, model) -> {
            if (allLoggedModels.putIfAbsent(key, model) != null) {
                throw new IllegalArgumentException("logged model '" + key + "' is in both snapshots");
            }
        });
        return new DataSnapshot(
                allExperiments,
                allModels,
                allUsers,
                allLoggedModels,
                union("trace", traces, more.traces()),
                union("webhook", webhooks, more.webhooks()),
                union("evaluation dataset", evaluationDatasets, more.evaluationDatasets()),
                union("scorer version", scorers, more.scorers()),
                gateway.plus(more.gateway()),
                review.plus(more.review()),
                union("MCP server", mcpServers, more.mcpServers()),
                union("workspace", workspaces, more.workspaces()));
    }

    static <T> SortedMap<String, T> union(String what, SortedMap<String, T> these, SortedMap<String, T> more) {
        SortedMap<String, T> all = new TreeMap<>(these);
        more.forEach((key, value) -> {
            if (all.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException(what + " '" + key + "' is in both snapshots");
            }
        });
        return all;
    }

    /**
     * This snapshot with the runs {@code keys} ({@code experiment/run}) in lifecycle stage {@code deleted}, as after
     * {@code runs/delete}: MLflow keeps a deleted run, with all its data, until {@code mlflow gc} removes it.
     */
    public DataSnapshot withRunsDeleted(Collection<String> keys) {
        SortedMap<String, ExperimentSnapshot> changed = new TreeMap<>(experiments);
        for (String key : keys) {
            int slash = key.lastIndexOf('/');
            ExperimentSnapshot experiment = slash < 0 ? null : changed.get(key.substring(0, slash));
            RunSnapshot run = experiment == null ? null : experiment.runs().get(key.substring(slash + 1));
            if (run == null) {
                throw new IllegalArgumentException("no run '" + key + "' to delete (runs: " + runKeys() + ")");
            }
            SortedMap<String, RunSnapshot> runs = new TreeMap<>(experiment.runs());
            runs.put(
                    run.name(),
                    new RunSnapshot(
                            run.id(),
                            run.name(),
                            run.parentRun(),
                            run.status(),
                            run.startTime(),
                            run.endTime(),
                            DELETED,
                            run.params(),
                            run.metrics(),
                            run.tags(),
                            run.artifacts(),
                            run.inputs()));
            changed.put(
                    experiment.name(),
                    new ExperimentSnapshot(
                            experiment.id(), experiment.name(), experiment.lifecycleStage(), experiment.tags(), runs));
        }
        return new DataSnapshot(
                changed,
                registeredModels,
                users,
                loggedModels,
                traces,
                webhooks,
                evaluationDatasets,
                scorers,
                gateway,
                review,
                mcpServers,
                workspaces);
    }

    /**
     * This snapshot after {@code mlflow gc}: deleted experiments gone with all their runs, logged models and traces, and
     * deleted runs gone from the experiments that remain, and the scorers of deleted experiments. Webhooks,
     * evaluation datasets, the gateway, MCP servers and the review data stay: gc leaves the first four, and the
     * dataset's evaluation dataset and review data belong to a live experiment.
     */
    public DataSnapshot withoutDeleted() {
        SortedMap<String, ExperimentSnapshot> kept = new TreeMap<>();
        experiments.forEach((name, experiment) -> {
            if (!DELETED.equals(experiment.lifecycleStage())) {
                SortedMap<String, RunSnapshot> runs = new TreeMap<>(experiment.runs());
                runs.values().removeIf(run -> DELETED.equals(run.lifecycleStage()));
                kept.put(
                        name,
                        new ExperimentSnapshot(
                                experiment.id(), name, experiment.lifecycleStage(), experiment.tags(), runs));
            }
        });
        SortedMap<String, LoggedModelSnapshot> keptModels = new TreeMap<>(loggedModels);
        keptModels.values().removeIf(model -> !kept.containsKey(model.experiment()));
        SortedMap<String, TraceSnapshot> keptTraces = new TreeMap<>(traces);
        keptTraces.values().removeIf(trace -> !kept.containsKey(trace.experiment()));
        SortedMap<String, ScorerSnapshot> keptScorers = new TreeMap<>(scorers);
        keptScorers.values().removeIf(scorer -> !kept.containsKey(scorer.experiment()));
        return new DataSnapshot(
                kept,
                registeredModels,
                users,
                keptModels,
                keptTraces,
                webhooks,
                evaluationDatasets,
                keptScorers,
                gateway,
                review,
                mcpServers,
                workspaces);
    }

    /** Every run's key, {@code experiment/run}. */
    public List<String> runKeys() {
        return experiments.values().stream()
                .flatMap(e -> e.runs().keySet().stream().map(run -> e.name() + "/" + run))
                .toList();
    }

    public String toJson() {
        try {
            return Mappers.MLFLOW.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static DataSnapshot fromJson(String json) {
        try {
            return Mappers.MLFLOW.readValue(json, DataSnapshot.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a data snapshot: " + e.getOriginalMessage(), e);
        }
    }
}
