package io.mlflowchart.harness.mlflow;

import java.util.Locale;

/**
 * A kind of data the dataset writes on top of its base, when the MLflow release it writes to serves it: which ones
 * do is data, {@link DataKinds}.
 */
public enum DataKind {
    /** A run in every {@link RunStatus}, the unfinished ones without an end time. */
    RUN_STATUSES,
    /** Child runs under a parent, linked by the parent's run id. */
    NESTED_RUNS,
    /** A run left deleted, and one deleted and restored. */
    DELETED_RUNS,
    /** Non-ASCII keys and values: params, tags of runs, experiments, models and versions, descriptions, a run name. */
    UNICODE,
    /** A metric history holding NaN, +Infinity and -Infinity. */
    NON_FINITE_METRICS,
    /** Versions of the first model in the Staging, Production and Archived stages. */
    MODEL_VERSION_STAGES,
    /** A run with a training and an evaluation dataset among its inputs. */
    DATASET_INPUTS,
    /** A logged model (MLflow 3's model entity) with params, tags and a metric history, from a run of its own. */
    LOGGED_MODELS,
    /** A param, run tag, experiment tag, model tag and version tag value as long as the release keeps: {@link ValueLimits}. */
    LENGTH_LIMITS,
    /** An experiment left deleted and one deleted and restored, each with a run. */
    DELETED_EXPERIMENTS,
    /** A version of the first model that held an alias, then deleted: both gone, the other versions and aliases kept. */
    DELETED_VERSION_ALIAS,
    /** A prompt (a registered model tagged as one) with two versions holding templates, version tags and an alias. */
    PROMPTS,
    /** Traces with a root span and children, attributes, inputs, outputs and a status, written as 2.x clients do. */
    TRACES,
    /** The same traces written as 3.2 and 3.3 clients do: one StartTraceV3 per trace, spans in the 3.x format. */
    TRACES_V3,
    /** The same traces written as 3.4 and 3.5 clients do: each span to the store over OTLP, then as traces-v3. */
    TRACES_OTLP,
    /** The same traces written as 3.6 and later clients do: spans over OTLP, kept in the store, no traces.json. */
    TRACES_DB,
    /** A tag set on a recorded trace and one deleted from it, as someone reviewing it does afterwards. */
    TRACE_TAG_EDITS,
    /** Traces found by a run: one logged inside it (its metadata names the run), one linked to it afterwards. */
    RUN_LINKED_TRACES,
    /** Model registry webhooks, an active and a disabled one, with their events, one with a secret. */
    WEBHOOKS,
    /** An evaluation dataset (MLflow 3's GenAI datasets) of an experiment, with tags and records. */
    EVALUATION_DATASETS,
    /** Scorers registered to an experiment, one in two versions, as serialized by the 3.4 client. */
    SCORERS,
    /** Feedback and an expectation on a trace, feedback on a span and one overriding it, as 3.2 on clients log them. */
    ASSESSMENTS,
    /** AI Gateway configuration: provider secrets (never served back), a model definition and an endpoint using it. */
    GATEWAY_ENDPOINTS,
    /** AI Gateway budget policies: spending limits per time window, one alerting, one rejecting. */
    GATEWAY_BUDGETS,
    /** A scorer of the first experiment whose judge is the dataset's AI Gateway endpoint, named {@code gateway:/<name>}. */
    GATEWAY_SCORERS,
    /** The endpoint bound to that scorer, which the server does when the scorer is registered. */
    SCORER_BINDINGS,
    /** The endpoint bound to a scorer job through the bindings API, as 3.8.x, which bind nothing themselves, take it. */
    SCORER_JOB_BINDINGS,
    /** Two guardrails on the AI Gateway endpoint, run by the first experiment's scorers, one on answers, one on requests. */
    GATEWAY_GUARDRAILS,
    /**
     * Issues found in the first experiment's traces: one pending, with its severity, root causes, categories and the
     * run that found it, one resolved after it was found.
     */
    ISSUES,
    /**
     * The questions reviewers answer about the first experiment's traces, one of each form: pass/fail, categories, a
     * number, a text.
     */
    LABEL_SCHEMAS,
    /**
     * A shared queue of the first experiment's traces asking two of its label schemas, one trace reviewed and one
     * declined, and a reviewer's own queue where the failed trace waits.
     */
    REVIEW_QUEUES,
    /**
     * An MCP server in the registry with an active and a draft version, tools, tags, an alias and an access endpoint
     * following it.
     */
    MCP_SERVERS,
    /**
     * A workspace besides the default one, holding a base dataset of its own under the same names as the default
     * one's: on a server with workspaces enabled only.
     */
    WORKSPACES,
    /** That workspace's own trace archival setting: how long its traces stay before they are archived. */
    WORKSPACE_TRACE_ARCHIVAL;

    /** The kind's name in the table: {@code run-statuses}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
