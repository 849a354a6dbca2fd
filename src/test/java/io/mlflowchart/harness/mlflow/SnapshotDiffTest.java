package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.mlflow.DataSnapshot.UserSnapshot;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    private static final DataSnapshot EXPECTED = DatasetGenerator.generate(
                    DatasetSpec.named("small"), "", DataKinds.servedBy("3.17.2"))
            .expected();

    @Test
    void findsNothingBetweenEqualSnapshots() {
        assertThat(EXPECTED.diffAgainst(EXPECTED).differences()).isEmpty();
        EXPECTED.requireMatches(EXPECTED);
    }

    @Test
    void namesTheRunMetricAndStepOfAChangedValue() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode point = (ObjectNode) json.at("/experiments/exp-2/runs/run-3/metrics/loss/41");
            point.put("value", 0.5);
        });

        double expected = EXPECTED.experiments()
                .get("exp-2")
                .runs()
                .get("run-3")
                .metrics()
                .get("loss")
                .get(41)
                .value();
        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly("run 'exp-2/run-3' metric 'loss' step 41: expected " + expected + " but was 0.5");
    }

    @Test
    void showsAValueCutShortAtItsLimitByItsEndsLengthAndWhereItParts() {
        String atLimit = EXPECTED.registeredModels()
                .get("model-1")
                .versions()
                .get("1")
                .tags()
                .get("at-limit");
        DataSnapshot actual = tampered(json -> ((ObjectNode) json.at("/registered_models/model-1/versions/1/tags"))
                .put("at-limit", atLimit.substring(0, 5000)));

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly("registered model 'model-1' version 1 tag 'at-limit': expected '"
                        + atLimit.substring(0, 40) + "…" + atLimit.substring(100_000 - 20) + "' (100000 characters)"
                        + " but was '" + atLimit.substring(0, 40) + "…" + atLimit.substring(5000 - 20, 5000)
                        + "' (5000 characters), first different at character 5000");
    }

    @Test
    void namesAnExperimentThatWasNotRestored() {
        DataSnapshot actual = tampered(json ->
                ((ObjectNode) json.at("/experiments/exp-1-restored")).put("lifecycle_stage", DataSnapshot.DELETED));

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly("experiment 'exp-1-restored' lifecycle_stage: expected active but was deleted");
    }

    @Test
    void namesTheUserAndTheResourceOfAChangedPermission() {
        DataSnapshot withUsers = EXPECTED.plus(new DataSnapshot(
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(Map.of(
                        "editor",
                        new UserSnapshot(
                                "editor",
                                false,
                                new TreeMap<>(Map.of("experiment/exp-1", "EDIT", "registered-model/model-1", "EDIT"))),
                        "auditor",
                        new UserSnapshot("auditor", true, new TreeMap<>())))));
        DataSnapshot actual = DataSnapshot.fromJson(withUsers.toJson().replace("\"EDIT\"", "\"READ\""));
        actual.users().remove("auditor");

        assertThat(actual.diffAgainst(withUsers).differences())
                .containsExactly(
                        "user 'auditor': missing",
                        "user 'editor' permission 'experiment/exp-1': expected 'EDIT' but was 'READ'",
                        "user 'editor' permission 'registered-model/model-1': expected 'EDIT' but was 'READ'");
    }

    @Test
    void reportsMissingStepsAndMissingRuns() {
        DataSnapshot actual = tampered(json -> {
            ((ArrayNode) json.at("/experiments/exp-1/runs/run-1/metrics/accuracy")).remove(49);
            ((ObjectNode) json.at("/experiments/exp-2/runs")).remove("run-2");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .satisfiesExactly(
                        d -> assertThat(d)
                                .startsWith("run 'exp-1/run-1' metric 'accuracy' step 49: missing (expected ["),
                        d -> assertThat(d).isEqualTo("run 'exp-2/run-2': missing"));
    }

    @Test
    void reportsAChangedArtifactByItsFullPath() {
        DataSnapshot actual =
                tampered(json -> ((ObjectNode) json.at("/experiments/exp-1/runs/run-3/artifacts/model~1weights.bin"))
                        .put("sha256", "00ff"));

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .singleElement()
                .asString()
                .startsWith("artifact 'exp-1/run-3/model/weights.bin': sha256 differs (expected ")
                .endsWith(" bytes 00ff)");
    }

    @Test
    void reportsParamsTagsStatusAliasesStagesAndUnexpectedData() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode run = (ObjectNode) json.at("/experiments/exp-1/runs/run-1");
            ((ObjectNode) run.get("params")).put("param-001", "changed");
            ((ObjectNode) run.get("tags")).put("added", "by someone");
            run.put("status", "KILLED");
            ((ObjectNode) json.at("/registered_models/model-1/aliases")).put("champion", "1");
            ((ObjectNode) json.at("/registered_models/model-1/versions/2")).put("stage", "Archived");
            ObjectNode stray =
                    ((ObjectNode) json.at("/experiments/exp-2")).deepCopy().put("name", "stray");
            stray.set("runs", json.objectNode());
            ((ObjectNode) json.at("/experiments")).set("stray", stray);
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .contains(
                        "experiment 'stray': unexpected",
                        "run 'exp-1/run-1' param 'param-001': expected '"
                                + EXPECTED.experiments()
                                        .get("exp-1")
                                        .runs()
                                        .get("run-1")
                                        .params()
                                        .get("param-001")
                                + "' but was 'changed'",
                        "run 'exp-1/run-1' tag 'added': unexpected 'by someone'",
                        "registered model 'model-1' alias 'champion': expected '2' but was '1'",
                        "registered model 'model-1' version 2 stage: expected Production but was Archived")
                .anySatisfy(d -> assertThat(d).matches("run 'exp-1/run-1' status: expected [A-Z]+ but was KILLED"));
    }

    @Test
    void ignoresOnlyTheNamedServerAddedTagsAndExperiments() {
        DataSnapshot actual = tampered(json -> {
            ((ObjectNode) json.at("/experiments/exp-1/runs/run-1/tags"))
                    .put("mlflow.runName", "run-1")
                    .put("mlflow.user", "mlflow")
                    .put("mlflow.source.name", "somewhere");
            ((ObjectNode) json.at("/experiments"))
                    .set(
                            "Default",
                            json.objectNode()
                                    .put("name", "Default")
                                    .put("lifecycle_stage", "active")
                                    .<ObjectNode>set("tags", json.objectNode())
                                    .set("runs", json.objectNode()));
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly("run 'exp-1/run-1' tag 'mlflow.source.name': unexpected 'somewhere'");
        assertThat(EXPECTED.diffAgainst(actual).differences())
                .contains(
                        "run 'exp-1/run-1' tag 'mlflow.runName': missing (expected 'run-1')",
                        "experiment 'Default': missing");
    }

    @Test
    void ignoresTheChartTestsDeletedExperimentButNotALiveOne() {
        DataSnapshot deleted = tampered(json -> ((ObjectNode) json.at("/experiments"))
                .set(
                        "helm-test-0a1b2c3d4e5f",
                        json.objectNode()
                                .put("name", "helm-test-0a1b2c3d4e5f")
                                .put("lifecycle_stage", "deleted")
                                .<ObjectNode>set("tags", json.objectNode())
                                .set("runs", json.objectNode())));
        DataSnapshot live = tampered(json -> ((ObjectNode) json.at("/experiments"))
                .set(
                        "helm-test-0a1b2c3d4e5f",
                        json.objectNode()
                                .put("name", "helm-test-0a1b2c3d4e5f")
                                .put("lifecycle_stage", "active")
                                .<ObjectNode>set("tags", json.objectNode())
                                .set("runs", json.objectNode())));

        assertThat(deleted.diffAgainst(EXPECTED).differences()).isEmpty();
        assertThat(live.diffAgainst(EXPECTED).differences())
                .containsExactly("experiment 'helm-test-0a1b2c3d4e5f': unexpected");
    }

    @Test
    void namesTheParentARunWasNestedUnder() {
        DataSnapshot actual = tampered(json -> {
            ((ObjectNode) json.at("/experiments/exp-1/runs/child-2")).put("parent_run", "exp-1/child-1");
            ((ObjectNode) json.at("/experiments/exp-1/runs/grandchild")).remove("parent_run");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "run 'exp-1/child-2' parent: expected exp-1/parent but was exp-1/child-1",
                        "run 'exp-1/grandchild' parent: expected exp-1/child-1 but was null");
    }

    @Test
    void theParentsRunIdTagIsComparedOnlyWhenBothSidesHaveIt() {
        DataSnapshot read = tampered(json ->
                ((ObjectNode) json.at("/experiments/exp-1/runs/child-1/tags")).put(Run.PARENT_ID_TAG, "0a1b2c"));
        DataSnapshot readAgain = tampered(json ->
                ((ObjectNode) json.at("/experiments/exp-1/runs/child-1/tags")).put(Run.PARENT_ID_TAG, "3d4e5f"));

        assertThat(read.diffAgainst(EXPECTED).differences()).isEmpty();
        assertThat(readAgain.diffAgainst(read).differences())
                .containsExactly("run 'exp-1/child-1' tag 'mlflow.parentRunId': expected '0a1b2c' but was '3d4e5f'");
    }

    @Test
    void anInfinityMatchesTheSqlStoresClampAndNothingElse() {
        String history = "/experiments/exp-1/runs/non-finite/metrics/non-finite/";
        DataSnapshot clamped = tampered(json -> {
            ((ObjectNode) json.at(history + "2")).put("value", Double.MAX_VALUE);
            ((ObjectNode) json.at(history + "3")).put("value", -Double.MAX_VALUE);
        });
        DataSnapshot changed = tampered(json -> {
            ((ObjectNode) json.at(history + "1")).put("value", 0.0);
            ((ObjectNode) json.at(history + "2")).put("value", -Double.MAX_VALUE);
            ((ObjectNode) json.at(history + "3")).put("value", 1.0);
        });

        assertThat(clamped.diffAgainst(EXPECTED).differences()).isEmpty();
        assertThat(changed.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "run 'exp-1/non-finite' metric 'non-finite' step 1: expected NaN but was 0.0",
                        "run 'exp-1/non-finite' metric 'non-finite' step 2: expected Infinity but was "
                                + -Double.MAX_VALUE,
                        "run 'exp-1/non-finite' metric 'non-finite' step 3: expected -Infinity but was 1.0");
    }

    @Test
    void namesTheLoggedModelAndWhatChangedInIt() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode model = (ObjectNode) json.at("/logged_models/exp-1~1logged-model");
            ((ObjectNode) model.get("params")).put("alpha", "0.7");
            model.put("status", "LOGGED_MODEL_PENDING");
            model.put("source_run", "exp-1/run-1");
            ((ObjectNode) json.at("/logged_models/exp-1~1logged-model/metrics/model-accuracy/2")).put("value", 0.5);
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "logged model 'exp-1/logged-model' source run: expected exp-1/model-source but was exp-1/run-1",
                        "logged model 'exp-1/logged-model' status: expected LOGGED_MODEL_READY but was"
                                + " LOGGED_MODEL_PENDING",
                        "logged model 'exp-1/logged-model' param 'alpha': expected '0.5' but was '0.7'",
                        "logged model 'exp-1/logged-model' metric 'model-accuracy' step 2: expected 0.8125 but was 0.5");
        assertThat(tampered(json -> ((ObjectNode) json.get("logged_models")).removeAll())
                        .diffAgainst(EXPECTED)
                        .differences())
                .containsExactly("logged model 'exp-1/logged-model': missing");
    }

    @Test
    void namesTheRunAndDatasetOfAChangedInput() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode inputs = (ObjectNode) json.at("/experiments/exp-1/runs/with-inputs/inputs");
            ((ObjectNode) inputs.at("/train@9f86d081/tags")).put("mlflow.data.context", "evaluation");
            inputs.remove("eval@60303ae2");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "run 'exp-1/with-inputs' dataset input 'eval@60303ae2': missing",
                        "run 'exp-1/with-inputs' dataset input 'train@9f86d081' tag 'mlflow.data.context': expected"
                                + " 'training' but was 'evaluation'");
    }

    @Test
    void roundTripsThroughJson() {
        assertThat(EXPECTED.toJson()).contains("\"NaN\"", "\"Infinity\"", "ünïcödé-✓", "🚀");
        assertThat(DataSnapshot.fromJson(EXPECTED.toJson())).isEqualTo(EXPECTED);
    }

    @Test
    void aMismatchListsEveryDifference() {
        DataSnapshot actual = tampered(json -> {
            ((ObjectNode) json.at("/experiments/exp-1/runs/run-1/params")).put("param-002", "a");
            ((ObjectNode) json.at("/experiments/exp-1/runs/run-2/params")).put("param-002", "b");
        });

        assertThatThrownBy(() -> actual.requireMatches(EXPECTED))
                .isInstanceOf(SnapshotMismatch.class)
                .hasMessageStartingWith("MLflow's data differs from the expected data in 2 place(s):")
                .hasMessageContaining("\n  run 'exp-1/run-1' param 'param-002': expected ")
                .hasMessageContaining("\n  run 'exp-1/run-2' param 'param-002': expected ")
                .hasMessageContaining("Not compared, by design (IgnoredFields): experiment_id, run_id,");
    }

    @Test
    void namesTheTraceAndSpanOfAChangedAttributeAndIgnoresWhatTheServerAdds() {
        DataSnapshot expected = DatasetGenerator.generate(DatasetSpec.named("small"), "", DataKinds.servedBy("3.0.1"))
                .expected();
        TraceSnapshot written = expected.traces().get("exp-1/use-tool");
        SortedMap<String, String> tags = new TreeMap<>(written.tags());
        tags.put("mlflow.artifactLocation", "mlflow-artifacts:/1/traces/abc/artifacts");
        // 3.2.0 to 3.4.x serve the schema version of the API they answer through.
        SortedMap<String, String> metadata = new TreeMap<>(written.metadata());
        metadata.put(TraceSnapshot.SCHEMA_VERSION, "3");
        // 3.12.0 and later stores mark the info StartTraceV3 wrote as final.
        metadata.put("mlflow.trace.infoFinalized", "true");
        metadata.put("mlflow.traceOutputs", "{}");
        SortedMap<String, TraceSnapshot.SpanSnapshot> spans = new TreeMap<>(written.spans());
        TraceSnapshot.SpanSnapshot tool = spans.get("call-tool");
        SortedMap<String, String> attributes = new TreeMap<>(tool.attributes());
        attributes.put("mlflow.traceRequestId", "\"abc\"");
        attributes.put("mlflow.spanInputs", "{\"city\": \"Paris\"}");
        spans.put(
                "call-tool",
                new TraceSnapshot.SpanSnapshot(
                        tool.name(), null, tool.startTimeNs(), tool.endTimeNs(), "OK", "", attributes));
        SortedMap<String, TraceSnapshot> traces = new TreeMap<>(expected.traces());
        traces.put(
                "exp-1/use-tool",
                new TraceSnapshot(
                        "abc",
                        written.experiment(),
                        written.name(),
                        written.timestampMs(),
                        written.executionTimeMs() + 1,
                        written.status(),
                        metadata,
                        tags,
                        spans,
                        written.assessments(),
                        new TreeSet<>(Set.of("exp-1/run-1"))));
        DataSnapshot actual = new DataSnapshot(
                expected.experiments(), expected.registeredModels(), expected.users(), expected.loggedModels(), traces);

        assertThat(actual.diffAgainst(expected).differences())
                .containsExactly(
                        "trace 'exp-1/use-tool' execution_time_ms: expected 120 but was 121",
                        "trace 'exp-1/use-tool' metadata 'mlflow.traceOutputs': expected '' but was '{}'",
                        "trace 'exp-1/use-tool' runs finding it: expected [] but was [exp-1/run-1]",
                        "trace 'exp-1/use-tool' span 'call-tool' parent: expected use-tool but was null",
                        "trace 'exp-1/use-tool' span 'call-tool' status_code: expected ERROR but was OK",
                        "trace 'exp-1/use-tool' span 'call-tool' status_message: expected TimeoutError: no answer in"
                                + " 0.1 s but was ",
                        "trace 'exp-1/use-tool' span 'call-tool' attribute 'mlflow.spanInputs': expected"
                                + " '{\"city\": \"Berlin\"}' but was '{\"city\": \"Paris\"}'");
    }

    @Test
    void namesTheTraceAndAssessmentOfAChangeButNotItsServerMadeId() {
        String assessments = "/traces/exp-1~1answer-question/assessments";
        DataSnapshot actual = tampered(json -> {
            ObjectNode judged = (ObjectNode) json.at(assessments + "/relevance by LLM_JUDGE gpt-4o-mini");
            judged.put("valid", true);
            judged.put("id", "a-0123456789abcdef");
            ObjectNode override = (ObjectNode) json.at(assessments + "/relevance by HUMAN reviewer@example.com");
            override.put("span", "generate");
            override.put("last_update_time_ms", override.get("create_time_ms").asLong() + 1);
            override.remove("overrides");
            ObjectNode correctness = (ObjectNode) json.at(assessments + "/correctness by HUMAN reviewer@example.com");
            correctness.put("value", "false");
            ((ObjectNode) correctness.get("metadata")).put("review_round", "2");
            ((ObjectNode) json.at(assessments)).remove("expected_facts by HUMAN reviewer@example.com");
        });

        String trace = "trace 'exp-1/answer-question' assessment '";
        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        trace + "correctness by HUMAN reviewer@example.com' value: expected true but was false",
                        trace + "correctness by HUMAN reviewer@example.com' metadata 'review_round': expected '1' but"
                                + " was '2'",
                        trace + "expected_facts by HUMAN reviewer@example.com': missing",
                        trace + "relevance by HUMAN reviewer@example.com' span: expected retrieve but was generate",
                        trace + "relevance by HUMAN reviewer@example.com' last_update_time: expected 1700086640250 but"
                                + " was 1700086640251",
                        trace + "relevance by HUMAN reviewer@example.com' overrides: expected relevance by LLM_JUDGE"
                                + " gpt-4o-mini but was null",
                        trace + "relevance by LLM_JUDGE gpt-4o-mini' valid: expected false but was true");
    }

    @Test
    void namesTheWebhookAndWhatChangedInIt() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode webhook = (ObjectNode) json.at("/webhooks/registry-events");
            webhook.put("status", "ACTIVE");
            webhook.put("url", "https://192.88.99.1/elsewhere");
            ((ArrayNode) webhook.get("events")).remove(0);
            webhook.put("id", "another-id");
            webhook.put("creation_timestamp", 1L);
            ((ObjectNode) json.get("webhooks")).remove("tag-deletions");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "webhook 'registry-events' url: expected https://192.88.99.1/mlflow-chart/registry-events but"
                                + " was https://192.88.99.1/elsewhere",
                        "webhook 'registry-events' status: expected DISABLED but was ACTIVE",
                        "webhook 'registry-events' events: expected [Event[entity=MODEL_VERSION, action=CREATED],"
                                + " Event[entity=MODEL_VERSION_ALIAS, action=CREATED], Event[entity=REGISTERED_MODEL,"
                                + " action=CREATED]] but was [Event[entity=MODEL_VERSION_ALIAS, action=CREATED],"
                                + " Event[entity=REGISTERED_MODEL, action=CREATED]]",
                        "webhook 'tag-deletions': missing");
    }

    @Test
    void namesTheGatewayEntityAndWhatChangedInItButNotItsId() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode secret = (ObjectNode) json.at("/gateway/secrets/openai-key");
            secret.put("id", "s-another");
            ((ObjectNode) secret.get("masked_values")).put("api_key", "sk-...beef");
            ((ObjectNode) secret.get("auth_config")).remove("organization");
            ((ObjectNode) json.at("/gateway/model_definitions/gpt-mini")).put("model_name", "gpt-4o");
            ObjectNode endpoint = (ObjectNode) json.at("/gateway/endpoints/chat");
            ((ObjectNode) endpoint.get("models").get(0)).put("linkage_type", "FALLBACK");
            endpoint.put("usage_tracking", true);
            ((ObjectNode) json.at("/gateway/secrets")).remove("anthropic-key");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "gateway secret 'anthropic-key': missing",
                        "gateway secret 'openai-key' masked value 'api_key': expected 'sk-...cdef' but was"
                                + " 'sk-...beef'",
                        "gateway secret 'openai-key' auth config 'organization': missing (expected"
                                + " 'org-mlflow-chart')",
                        "gateway model definition 'gpt-mini' model_name: expected gpt-4o-mini but was gpt-4o",
                        "gateway endpoint 'chat' models: expected [ModelLink[modelDefinition=gpt-mini,"
                                + " linkageType=PRIMARY, weight=1.0, fallbackOrder=null]] but was"
                                + " [ModelLink[modelDefinition=gpt-mini, linkageType=FALLBACK, weight=1.0,"
                                + " fallbackOrder=null]]",
                        "gateway endpoint 'chat' usage_tracking: expected false but was true");
    }

    @Test
    void namesTheIssueLabelSchemaAndReviewQueueOfAChangeButNotWhoCreatedAQueueOrCompletedAnItem() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode issue = (ObjectNode) json.at("/review/issues/exp-1~1Quotes stale prices");
            issue.put("status", "rejected");
            issue.put("id", "iss-another");
            ((ArrayNode) issue.get("root_causes")).remove(1);
            ((ArrayNode) issue.get("traces")).remove(0);
            ((ObjectNode) json.at("/review/label_schemas/exp-1~1topics"))
                    .put("input", "{\"categorical\":{\"multi_select\":false,\"options\":[\"billing\"]}}");
            ((ObjectNode) json.at("/review/label_schemas")).remove("exp-1/helpful");
            ObjectNode queue = (ObjectNode) json.at("/review/queues/exp-1~1Launch review ✓");
            queue.put("created_by", "admin");
            ((ObjectNode) queue.at("/items/exp-1~1use-tool"))
                    .put("status", "PENDING")
                    .putNull("completed_by");
            ((ObjectNode) queue.get("items")).remove("exp-1/answer-question");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "issue 'exp-1/Quotes stale prices' status: expected pending but was rejected",
                        "issue 'exp-1/Quotes stale prices' root_causes: expected [retrieval returns the 2024 catalog,"
                                + " no date in the prompt] but was [retrieval returns the 2024 catalog]",
                        "issue 'exp-1/Quotes stale prices' traces: expected [exp-1/answer-question, exp-1/use-tool] but"
                                + " was [exp-1/use-tool]",
                        "label schema 'exp-1/helpful': missing",
                        "label schema 'exp-1/topics' input: expected"
                                + " {\"categorical\":{\"multi_select\":true,\"options\":[\"billing\",\"shipping\",\"returns\"]}}"
                                + " but was {\"categorical\":{\"multi_select\":false,\"options\":[\"billing\"]}}",
                        "review queue 'exp-1/Launch review ✓' item 'exp-1/answer-question': missing",
                        "review queue 'exp-1/Launch review ✓' item 'exp-1/use-tool' status: expected DECLINED but was"
                                + " PENDING");
    }

    @Test
    void namesTheMcpServerVersionAndEndpointOfAChangeButNotWhoCreatedIt() {
        String weather = "/mcp_servers/io.mlflow-chart~1weather";
        DataSnapshot actual = tampered(json -> {
            ObjectNode server = (ObjectNode) json.at(weather);
            server.put("latest_version", "1.1.0");
            server.put("created_by", "admin");
            ((ObjectNode) server.get("aliases")).put("prod", "1.1.0");
            ((ObjectNode) json.at(weather + "/versions/1.0.0/tags")).remove("reviewed-by");
            ((ObjectNode) json.at(weather + "/versions/1.1.0")).put("status", "active");
            ((ObjectNode) json.at(weather + "/endpoints/https:~1~1192.88.99.1~1mcp~1weather~1prod"))
                    .put("resolved_version", "1.1.0");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "MCP server 'io.mlflow-chart/weather' latest_version: expected 1.0.0 but was 1.1.0",
                        "MCP server 'io.mlflow-chart/weather' alias 'prod': expected '1.0.0' but was '1.1.0'",
                        "MCP server 'io.mlflow-chart/weather' version '1.0.0' tag 'reviewed-by': missing (expected"
                                + " 'platform-team')",
                        "MCP server 'io.mlflow-chart/weather' version '1.1.0' status: expected draft but was active",
                        "MCP server 'io.mlflow-chart/weather' access endpoint 'https://192.88.99.1/mcp/weather/prod'"
                                + " resolved version: expected 1.0.0 but was 1.1.0");
    }

    @Test
    void reportsProviderKeysThatNoLongerDecryptAndComparesNothingA38ReleaseWasNotAsked() {
        String refused = "POST /gateway/chat/mlflow/invocations -> HTTP 400: Failed to decrypt secret";
        DataSnapshot otherPassphrase =
                tampered(json -> ((ObjectNode) json.at("/gateway/endpoints/chat")).put("provider_keys", refused));
        DataSnapshot unasked =
                tampered(json -> ((ObjectNode) json.at("/gateway/endpoints/chat")).putNull("provider_keys"));

        assertThat(otherPassphrase.diffAgainst(EXPECTED).differences())
                .containsExactly("gateway endpoint 'chat' provider keys: expected decrypt but was " + refused);
        assertThat(unasked.diffAgainst(EXPECTED).differences()).isEmpty();
    }

    @Test
    void namesTheEvaluationDatasetAndRecordOfAChangeAndNotTheEmptyOutputsOfLaterReleases() {
        String question = "{\"question\":\"What is MLflow?\",\"top_k\":3}";
        DataSnapshot actual = tampered(json -> {
            ObjectNode dataset = (ObjectNode) json.at("/evaluation_datasets/eval-questions");
            dataset.put("id", "d-another");
            dataset.put("digest", "0f0f");
            ((ObjectNode) dataset.get("tags")).put("owner", "someone else");
            ObjectNode records = (ObjectNode) dataset.get("records");
            ObjectNode record = (ObjectNode) records.get(question);
            record.put("tags", "{\"difficulty\":\"hard\"}");
            record.put("source_id", "human-2");
            records.fieldNames().forEachRemaining(inputs -> ((ObjectNode) records.get(inputs)).put("outputs", "{}"));
            String schema = dataset.get("schema").asText();
            dataset.put("schema", schema.substring(0, schema.length() - 1) + ",\"outputs\":{}}");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .containsExactly(
                        "evaluation dataset 'eval-questions' tag 'owner': expected 'ml-platform ✓' but was 'someone"
                                + " else'",
                        "evaluation dataset 'eval-questions' record '" + question + "' tags: expected"
                                + " {\"difficulty\":\"easy\"} but was {\"difficulty\":\"hard\"}",
                        "evaluation dataset 'eval-questions' record '" + question + "' source_id: expected"
                                + " human-1 but was human-2");
        assertThat(tampered(json ->
                                ((ObjectNode) json.at("/evaluation_datasets/eval-questions/records")).remove(question))
                        .diffAgainst(EXPECTED)
                        .differences())
                .containsExactly("evaluation dataset 'eval-questions' record '" + question + "': missing");
    }

    @Test
    void namesTheScorerVersionWhoseSerializationChangedOrWentMissing() {
        DataSnapshot actual = tampered(json -> {
            ObjectNode scorers = (ObjectNode) json.get("scorers");
            ((ObjectNode) scorers.get("exp-1/english/2")).put("serialized_scorer", "{\"name\":\"english\"}");
            ((ObjectNode) scorers.get("exp-1/english/1")).put("id", "another-id");
            scorers.remove("exp-1/relevance_to_query/1");
        });

        assertThat(actual.diffAgainst(EXPECTED).differences())
                .hasSize(2)
                .anySatisfy(line -> assertThat(line)
                        .startsWith("scorer 'exp-1/english/2' serialized_scorer: expected {\"aggregations\":null,")
                        .endsWith(" but was {\"name\":\"english\"}"))
                .contains("scorer 'exp-1/relevance_to_query/1': missing");
    }

    @Test
    void namesTheWorkspaceOfADifferenceInItAndAWorkspaceGone() {
        DataSnapshot changedInWorkspace = tampered(json -> {
            ObjectNode team = (ObjectNode) json.at("/workspaces/team");
            team.put("description", "someone else's");
            ((ObjectNode) team.at("/data/experiments/exp-1/runs/run-2/params")).put("param-001", "changed");
        });
        DataSnapshot workspaceGone = tampered(json -> ((ObjectNode) json.get("workspaces")).remove("team"));

        assertThat(changedInWorkspace.diffAgainst(EXPECTED).differences())
                .hasSize(2)
                .anySatisfy(
                        line -> assertThat(line).startsWith("workspace 'team' description: expected Team workspace"))
                .anySatisfy(line -> assertThat(line)
                        .startsWith("in workspace 'team': run 'exp-1/run-2' param 'param-001': expected ")
                        .endsWith("but was 'changed'"));
        assertThat(workspaceGone.diffAgainst(EXPECTED).differences()).containsExactly("workspace 'team': missing");
    }

    private static DataSnapshot tampered(Consumer<ObjectNode> change) {
        try {
            ObjectNode json = (ObjectNode) Mappers.MLFLOW.readTree(EXPECTED.toJson());
            change.accept(json);
            return DataSnapshot.fromJson(json.toString());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
