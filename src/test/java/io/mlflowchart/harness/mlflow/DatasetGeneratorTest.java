package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mlflowchart.harness.mlflow.DataSnapshot.RunSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    private static final DatasetSpec SMALL = DatasetSpec.named("small");
    private static final DataKinds ALL_KINDS = DataKinds.servedBy("3.17.2");
    private static final Dataset KINDS = DatasetGenerator.generate(SMALL, "", ALL_KINDS);

    /** The runs the kinds add to the first experiment. */
    private static final List<String> KIND_RUNS = List.of(
            "running",
            "scheduled",
            "finished",
            "failed",
            "killed",
            "parent",
            "child-1",
            "child-2",
            "grandchild",
            "deleted",
            "restored",
            "ünïcödé-✓",
            "at-limits",
            "model-source",
            "with-inputs",
            "non-finite",
            "traced");

    @Test
    void sameSpecGivesByteIdenticalData() {
        Dataset first = DatasetGenerator.generate(SMALL, "", ALL_KINDS);
        Dataset second = DatasetGenerator.generate(SMALL, "", ALL_KINDS);

        assertThat(second.expected().toJson()).isEqualTo(first.expected().toJson());
        assertThat(second.artifactContents().keySet())
                .isEqualTo(first.artifactContents().keySet());
        first.artifactContents()
                .forEach((path, bytes) ->
                        assertThat(second.artifactContents().get(path)).as(path).isEqualTo(bytes));
    }

    @Test
    void anotherSeedGivesOtherValuesUnderTheSameNames() {
        DataSnapshot seeded42 = DatasetGenerator.generate(SMALL).expected();
        DataSnapshot seeded7 = DatasetGenerator.generate(withSeed(SMALL, 7)).expected();

        assertThat(seeded7.experiments().keySet())
                .isEqualTo(seeded42.experiments().keySet());
        assertThat(seeded7.diffAgainst(seeded42).differences())
                .anySatisfy(d -> assertThat(d).startsWith("run 'exp-1/run-1' metric 'loss' step 0: expected "))
                .anySatisfy(d -> assertThat(d).startsWith("artifact 'exp-1/run-1/model/weights.bin': "));
    }

    @Test
    void writesAWorkspaceOfItsOwnUnderTheDefaultWorkspacesFirstNamesWithOtherContent() {
        DataSnapshot written = DatasetGenerator.generate(SMALL, "", ALL_KINDS).expected();

        assertThat(written.workspaces()).containsOnlyKeys("team");
        DataSnapshot inWorkspace = written.workspaces().get("team").data();
        assertThat(inWorkspace.experiments()).containsOnlyKeys("exp-1");
        assertThat(inWorkspace.experiments().get("exp-1").runs()).hasSize(2);
        assertThat(inWorkspace.registeredModels()).containsOnlyKeys("model-1");
        assertThat(inWorkspace.workspaces()).isEmpty();
        assertThat(inWorkspace.experiments().get("exp-1").runs().get("run-1"))
                .isNotEqualTo(written.experiments().get("exp-1").runs().get("run-1"));
        assertThat(DatasetGenerator.generate(SMALL, "after-upgrade", ALL_KINDS)
                        .expected()
                        .workspaces())
                .containsOnlyKeys("after-upgrade-team");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.9.0"))
                        .expected()
                        .workspaces())
                .isEmpty();
        assertThat(written.workspaces().get("team").traceArchival()).isNotNull();
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.12.0"))
                        .expected()
                        .workspaces()
                        .get("team")
                        .traceArchival())
                .as("no trace archival setting before 3.13")
                .isNull();
    }

    @Test
    void namesAWorkspaceAsMlflowAllowsWhateverThePrefix() {
        assertThat(DatasetGenerator.workspaceName("")).isEqualTo("team");
        assertThat(DatasetGenerator.workspaceName("After Backup/")).isEqualTo("after-backup-team");
        assertThat(DatasetGenerator.workspaceName("après-")).isEqualTo("apr-s-team");
    }

    @Test
    void writesWhatTheSpecAsks() {
        DataSnapshot.Counts counts = DatasetGenerator.generate(SMALL).expected().counts();

        int runs = SMALL.experiments() * SMALL.runsPerExperiment();
        assertThat(counts)
                .isEqualTo(new DataSnapshot.Counts(
                        SMALL.experiments(),
                        runs,
                        runs * SMALL.paramsPerRun(),
                        runs * SMALL.tagsPerRun() + SMALL.experiments() * 3,
                        runs * SMALL.metricsPerRun() * SMALL.stepsPerMetric(),
                        runs * SMALL.artifactsPerRun() + 1,
                        counts.artifactBytes(),
                        SMALL.registeredModels(),
                        SMALL.registeredModels() * SMALL.versionsPerModel(),
                        2,
                        0,
                        0,
                        0,
                        0,
                        0,
                        0,
                        counts.longestValue(),
                        0,
                        0,
                        0,
                        0));
        assertThat(counts.artifactBytes()).isGreaterThan(SMALL.largeArtifactBytes());
        assertThat(counts.longestValue())
                .as("the longest param: 'a longer value: ' and 200 to 249 x")
                .isBetween(216, 265);
    }

    @Test
    void countsTheKinds() {
        DataSnapshot.Counts base = DatasetGenerator.generate(SMALL).expected().counts();
        DataSnapshot.Counts kinds = KINDS.expected().counts();

        assertThat(kinds.experiments()).isEqualTo(base.experiments() + 2);
        assertThat(kinds.runs()).isEqualTo(base.runs() + KIND_RUNS.size() + 2);
        assertThat(kinds.loggedModels()).isEqualTo(1);
        assertThat(kinds.webhooks()).isEqualTo(2);
        assertThat(kinds.evaluationDatasets()).isEqualTo(1);
        assertThat(kinds.datasetRecords()).isEqualTo(3);
        assertThat(kinds.scorerVersions())
                .as("three builtins and one judged through the gateway")
                .isEqualTo(4);
        assertThat(kinds.datasetInputs()).isEqualTo(2);
        assertThat(kinds.deletedExperiments()).isEqualTo(1);
        assertThat(kinds.deletedRuns())
                .as("the run left deleted and the deleted experiment's")
                .isEqualTo(2);
        assertThat(kinds.longestValue()).as("3.17.2's model version tag").isEqualTo(100_000);
        assertThat(kinds.modelVersions())
                .as("the prompt's two versions; the deleted version is not among them")
                .isEqualTo(base.modelVersions() + 2);
    }

    @Test
    void valuesAtTheLimitsAreExactlyAsLongAsTheReleaseKeeps() {
        for (String version : List.of("2.7.1", "2.9.2", "3.0.0", "3.0.1", "3.17.2")) {
            ValueLimits limits = ValueLimits.of(version);
            DataSnapshot data = DatasetGenerator.generate(SMALL, "", DataKinds.servedBy(version))
                    .expected();
            RunSnapshot run = data.experiments().get("exp-1").runs().get("at-limits");
            DataSnapshot.ModelSnapshot model = data.registeredModels().get("model-1");

            assertThat(Map.of(
                            ValueLimits.Field.PARAM_VALUE, run.params().get(DatasetGenerator.AT_LIMIT),
                            ValueLimits.Field.RUN_TAG_VALUE, run.tags().get(DatasetGenerator.AT_LIMIT),
                            ValueLimits.Field.EXPERIMENT_TAG_VALUE,
                                    data.experiments().get("exp-1").tags().get(DatasetGenerator.AT_LIMIT),
                            ValueLimits.Field.REGISTERED_MODEL_TAG_VALUE,
                                    model.tags().get(DatasetGenerator.AT_LIMIT),
                            ValueLimits.Field.MODEL_VERSION_TAG_VALUE,
                                    model.versions().get("1").tags().get(DatasetGenerator.AT_LIMIT)))
                    .as(version)
                    .allSatisfy((field, value) -> {
                        assertThat(value.codePointCount(0, value.length()))
                                .as(version + " " + field.id())
                                .isEqualTo(limits.length(field));
                        assertThat(value)
                                .startsWith(field.id() + ":")
                                .contains("ü")
                                .endsWith("|end");
                    });
        }
    }

    @Test
    void anExperimentLeftDeletedAndOneRestoredEachWithARun() {
        DataSnapshot.ExperimentSnapshot deleted = KINDS.expected().experiments().get("exp-1-deleted");
        DataSnapshot.ExperimentSnapshot restored =
                KINDS.expected().experiments().get("exp-1-restored");

        assertThat(deleted.lifecycleStage()).isEqualTo(DataSnapshot.DELETED);
        assertThat(deleted.runs().values())
                .singleElement()
                .extracting(RunSnapshot::lifecycleStage)
                .as("deleting an experiment marks its runs deleted")
                .isEqualTo(DataSnapshot.DELETED);
        assertThat(restored.lifecycleStage()).isEqualTo("active");
        assertThat(restored.runs().values())
                .singleElement()
                .extracting(RunSnapshot::lifecycleStage)
                .isEqualTo("active");
        assertThat(KINDS.restoredExperiments()).containsExactly("exp-1-restored");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("1.30.1"))
                        .restoredExperiments())
                .isEmpty();
    }

    @Test
    void theDeletedVersionComesAfterTheFirstModelsOthersWithAnAliasNoOtherHolds() {
        DataSnapshot.ModelSnapshot model = KINDS.expected().registeredModels().get("model-1");

        assertThat(KINDS.deletedVersions()).singleElement().satisfies(deleted -> {
            assertThat(deleted.model()).isEqualTo("model-1");
            assertThat(deleted.version().version()).isEqualTo(Integer.toString(SMALL.versionsPerModel() + 1));
            assertThat(deleted.version().run()).matches("exp-\\d+/run-\\d+");
            assertThat(model.versions()).doesNotContainKey(deleted.version().version());
            assertThat(model.aliases()).doesNotContainKey(deleted.alias());
        });
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.16.1"))
                        .deletedVersions())
                .as("before 3.17 the alias outlives its version")
                .isEmpty();
        assertThat(model.tags().get("owner"))
                .as("the deleted version draws no value of the model's")
                .isEqualTo(DatasetGenerator.generate(SMALL)
                        .expected()
                        .registeredModels()
                        .get("model-1")
                        .tags()
                        .get("owner"));
    }

    @Test
    void coversEveryKindOfDataTheChartMustKeep() {
        Dataset dataset = DatasetGenerator.generate(SMALL);
        List<RunSnapshot> runs = dataset.expected().experiments().values().stream()
                .flatMap(e -> e.runs().values().stream())
                .toList();

        assertThat(runs).extracting(RunSnapshot::status).contains(RunStatus.FINISHED, RunStatus.FAILED);
        assertThat(runs.get(0).artifacts())
                .containsKeys(
                        "README.txt",
                        "metrics/summary.json",
                        "model/weights.bin",
                        "model/MLmodel",
                        "plots/epoch/1/values.csv",
                        "model/large-weights.bin");
        assertThat(runs.get(0).artifacts().get("model/large-weights.bin").size())
                .isGreaterThan(5L * 1024 * 1024);
        assertThat(runs.get(0).metrics().get("loss")).hasSize(SMALL.stepsPerMetric());
        assertThat(dataset.expected().registeredModels().get("model-1").aliases())
                .isEqualTo(Map.of("champion", "2", "challenger", "1"));
        dataset.expected()
                .registeredModels()
                .get("model-1")
                .versions()
                .values()
                .forEach(version -> assertThat(runs)
                        .extracting(r -> r.name())
                        .contains(version.run().split("/")[1]));
    }

    @Test
    void prefixKeepsASecondWriteApart() {
        DataSnapshot first = DatasetGenerator.generate(SMALL).expected();
        Dataset second = DatasetGenerator.generate(SMALL, "after-", ALL_KINDS);

        assertThat(second.expected().experiments().keySet())
                .containsExactly("after-exp-1", "after-exp-1-deleted", "after-exp-1-restored", "after-exp-2");
        assertThat(first.plus(second.expected()).counts().runs())
                .isEqualTo(2 * first.counts().runs() + KIND_RUNS.size() + 2);
        assertThat(second.restoredRuns()).containsExactly("after-exp-1/restored");
        assertThat(second.restoredExperiments()).containsExactly("after-exp-1-restored");
        assertThat(second.expected()
                        .experiments()
                        .get("after-exp-1")
                        .runs()
                        .get("grandchild")
                        .parentRun())
                .isEqualTo("after-exp-1/child-1");
    }

    @Test
    void kindsAddTheirFewRunsToTheFirstExperimentWhateverTheSize() {
        for (DatasetSpec spec : List.of(SMALL, DatasetSpec.named("medium"))) {
            DataSnapshot base = DatasetGenerator.generate(spec).expected();
            DataSnapshot kinds = DatasetGenerator.generate(spec, "", ALL_KINDS).expected();

            SortedMap<String, RunSnapshot> exp1 =
                    kinds.experiments().get("exp-1").runs();
            assertThat(exp1.keySet())
                    .containsAll(base.experiments().get("exp-1").runs().keySet())
                    .containsAll(KIND_RUNS)
                    .hasSize(spec.runsPerExperiment() + KIND_RUNS.size());
            assertThat(kinds.experiments().get("exp-2"))
                    .isEqualTo(base.experiments().get("exp-2"));
            base.experiments()
                    .get("exp-1")
                    .runs()
                    .forEach((name, run) -> assertThat(exp1.get(name)).as(name).isEqualTo(run));
        }
    }

    @Test
    void aReleaseServingNoKindGetsTheBaseDataset() {
        // Arrays.equals: element by element, the recursive comparison takes minutes over the 5 MB artifact.
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("1.30.1")))
                .usingRecursiveComparison()
                .withEqualsForType(Arrays::equals, byte[].class)
                .isEqualTo(DatasetGenerator.generate(SMALL));
    }

    @Test
    void runsOfEveryStatusHaveAnEndTimeExactlyWhenTheyEnded() {
        SortedMap<String, RunSnapshot> runs =
                KINDS.expected().experiments().get("exp-1").runs();

        for (RunStatus status : RunStatus.values()) {
            RunSnapshot run = runs.get(status.name().toLowerCase(Locale.ROOT));
            assertThat(run.status()).isEqualTo(status);
            assertThat(run.endTime() != null).as(status.name()).isEqualTo(status.ended());
        }
    }

    @Test
    void nestedDeletedUnicodeAndNonFiniteRunsAreWhatTheirKindsSay() {
        SortedMap<String, RunSnapshot> runs =
                KINDS.expected().experiments().get("exp-1").runs();

        assertThat(runs.get("child-1").parentRun()).isEqualTo("exp-1/parent");
        assertThat(runs.get("child-2").parentRun()).isEqualTo("exp-1/parent");
        assertThat(runs.get("grandchild").parentRun()).isEqualTo("exp-1/child-1");
        assertThat(runs.get("parent").parentRun()).isNull();
        assertThat(runs.get("deleted").lifecycleStage()).isEqualTo(DataSnapshot.DELETED);
        assertThat(runs.get("restored").lifecycleStage()).isEqualTo("active");
        assertThat(KINDS.restoredRuns()).containsExactly("exp-1/restored");
        assertThat(runs.get("ünïcödé-✓").params()).containsEntry("学习率", "0.01");
        assertThat(runs.get("ünïcödé-✓").tags()).containsEntry("emoji", "🚀🔥✓ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢");
        assertThat(KINDS.expected().experiments().get("exp-1").tags()).containsKey("описание");
        assertThat(KINDS.expected().registeredModels().get("model-1").tags()).containsKey("説明");
        assertThat(KINDS.expected()
                        .registeredModels()
                        .get("model-1")
                        .versions()
                        .get("1")
                        .tags())
                .containsKey("説明");
        assertThat(runs.get("with-inputs").inputs().values())
                .extracting(input -> input.tags().get("mlflow.data.context"))
                .containsExactlyInAnyOrder("training", "evaluation");
        assertThat(runs.get("non-finite").metrics().get("non-finite"))
                .extracting(DataSnapshot.MetricPoint::value)
                .containsExactly(1.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.25);
    }

    @Test
    void aLoggedModelOn3xHoldsTheMetricItsSourceRunLogged() {
        DataSnapshot.LoggedModelSnapshot model = KINDS.expected().loggedModels().get("exp-1/logged-model");
        RunSnapshot source = KINDS.expected().experiments().get("exp-1").runs().get("model-source");

        assertThat(model.sourceRun()).isEqualTo("exp-1/model-source");
        assertThat(model.status()).isEqualTo("LOGGED_MODEL_READY");
        assertThat(model.params()).containsEntry("alpha", "0.5");
        assertThat(model.metrics()).isEqualTo(source.metrics()).containsKey("model-accuracy");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("2.9.2"))
                        .expected()
                        .loggedModels())
                .isEmpty();
    }

    @Test
    void webhooksAreExpectedAsServedWithTheDefaultStatusOfOneSentWithoutAndNoSecretThoughOneIsSent() {
        assertThat(KINDS.webhookRequests())
                .extracting(
                        request -> request.webhook().name(),
                        Webhook.Request::secret,
                        r -> r.webhook().status())
                .containsExactly(
                        tuple("registry-events", "whsec-mlflow-chart-0123456789abcdef", "DISABLED"),
                        tuple("tag-deletions", null, null));
        DataSnapshot.WebhookSnapshot registry = KINDS.expected().webhooks().get("registry-events");
        assertThat(registry.events())
                .extracting(event -> event.entity() + "." + event.action())
                .containsExactly("MODEL_VERSION.CREATED", "MODEL_VERSION_ALIAS.CREATED", "REGISTERED_MODEL.CREATED");
        assertThat(registry.url()).isEqualTo("https://192.88.99.1/mlflow-chart/registry-events");
        assertThat(KINDS.expected().webhooks().get("tag-deletions").status()).isEqualTo("ACTIVE");
        assertThat(KINDS.expected().webhooks().get("tag-deletions").description())
                .isNull();
        assertThat(DatasetGenerator.generate(SMALL, "after-", ALL_KINDS)
                        .expected()
                        .webhooks())
                .containsOnlyKeys("after-registry-events", "after-tag-deletions");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.2.0")))
                .satisfies(dataset -> assertThat(dataset.webhookRequests()).isEmpty())
                .satisfies(dataset -> assertThat(dataset.expected().webhooks()).isEmpty());
    }

    @Test
    void theGatewayFrom38IsExpectedWithItsSecretsMaskedAndTheirValuesKeptApart() {
        GatewaySnapshot gateway = KINDS.expected().gateway();
        assertThat(gateway.secrets()).containsOnlyKeys("openai-key", "anthropic-key");
        assertThat(gateway.modelDefinitions().get("gpt-mini").secret()).isEqualTo("openai-key");
        assertThat(gateway.endpoints().get("chat").models())
                .containsExactly(new GatewaySnapshot.ModelLink("gpt-mini", "PRIMARY", 1.0, null));
        // Each mask is what crypto.py's _mask_string_value makes of the value sent: its first 3 and last 4 characters.
        KINDS.gatewaySecretValues()
                .forEach((name, value) -> value.forEach((key, text) -> assertThat(
                                gateway.secrets().get(name).maskedValues())
                        .containsEntry(key, text.substring(0, 3) + "..." + text.substring(text.length() - 4))));
        assertThat(KINDS.expected().toJson())
                .doesNotContain(KINDS.gatewaySecretValues().values().stream()
                        .flatMap(value -> value.values().stream())
                        .toArray(String[]::new));
        assertThat(DatasetGenerator.generate(SMALL, "after-", ALL_KINDS)
                        .expected()
                        .gateway()
                        .endpoints())
                .containsOnlyKeys("after-chat");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.7.0")))
                .satisfies(dataset -> assertThat(dataset.gatewaySecretValues()).isEmpty())
                .satisfies(dataset -> assertThat(dataset.expected().gateway()).isEqualTo(GatewaySnapshot.empty()));
    }

    @Test
    void aScorerJudgedThroughTheEndpointIsBoundToItFrom39AndAScorerJobOn38() {
        String judged = "exp-1/" + DatasetScorers.GATEWAY_JUDGED;
        assertThat(KINDS.expected().scorers().get(judged + "/1").serializedScorer())
                .contains("\"model\":\"gateway:/chat\"");
        assertThat(KINDS.expected().gateway().bindings().values())
                .containsExactly(new GatewaySnapshot.BindingSnapshot(
                        "chat", "scorer", judged, DatasetScorers.GATEWAY_JUDGED, null));
        assertThat(DatasetGenerator.generate(SMALL, "after-", DataKinds.servedBy("3.8.1"))
                        .expected()
                        .gateway()
                        .bindings()
                        .values())
                .containsExactly(new GatewaySnapshot.BindingSnapshot(
                        "after-chat", "scorer_job", "after-nightly-relevance", null, "after-mlflow-chart-harness"));
    }

    @Test
    void guardrailsFrom312RunTheFirstExperimentsScorersOnTheEndpointInOrder() {
        assertThat(DatasetGenerator.generate(SMALL, "after-", ALL_KINDS)
                        .expected()
                        .gateway()
                        .guardrails()
                        .values())
                .extracting(
                        GatewaySnapshot.GuardrailSnapshot::name,
                        GatewaySnapshot.GuardrailSnapshot::scorer,
                        GatewaySnapshot.GuardrailSnapshot::stage,
                        GatewaySnapshot.GuardrailSnapshot::endpoints)
                .containsExactly(
                        tuple("after-answers-in-english", "after-exp-1/english/2", "AFTER", Map.of("after-chat", 1)),
                        tuple(
                                "after-questions-on-topic",
                                "after-exp-1/relevance_to_query/1",
                                "BEFORE",
                                Map.of("after-chat", 2)));
        assertThat(KINDS.expected().scorers())
                .as("every scorer a guardrail runs is written")
                .containsKeys(KINDS.expected().gateway().guardrails().values().stream()
                        .map(GatewaySnapshot.GuardrailSnapshot::scorer)
                        .toArray(String[]::new));
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.11.1"))
                        .expected()
                        .gateway()
                        .guardrails())
                .isEmpty();
    }

    @Test
    void theReviewOfTheFirstExperimentsTracesNamesTracesRunsAndSchemasTheDatasetWrites() {
        ReviewSnapshot review =
                DatasetGenerator.generate(SMALL, "after-", ALL_KINDS).expected().review();
        DataSnapshot written =
                DatasetGenerator.generate(SMALL, "after-", ALL_KINDS).expected();

        assertThat(review.issues().keySet())
                .containsExactly(
                        "after-exp-1/Answers in English to German questions", "after-exp-1/Quotes stale prices");
        assertThat(review.issues().values())
                .extracting(ReviewSnapshot.IssueSnapshot::status, ReviewSnapshot.IssueSnapshot::sourceRun)
                .containsExactly(tuple("resolved", null), tuple("pending", "after-exp-1/traced"));
        assertThat(written.runKeys()).contains("after-exp-1/traced");
        assertThat(review.issues().get("after-exp-1/Quotes stale prices").traces())
                .containsExactly("after-exp-1/answer-question", "after-exp-1/use-tool")
                .allSatisfy(trace -> assertThat(written.traces()).containsKey(trace));
        assertThat(review.labelSchemas().values())
                .extracting(schema -> schema.input().substring(2, schema.input().indexOf('"', 2)))
                .containsExactlyInAnyOrder("pass_fail", "categorical", "numeric", "text");
        assertThat(review.queues().values()).allSatisfy(queue -> {
            assertThat(written.traces()).containsKeys(queue.items().keySet().toArray(String[]::new));
            assertThat(queue.schemas())
                    .allSatisfy(name -> assertThat(review.labelSchemas()).containsKey("after-exp-1/" + name));
        });
        assertThat(review.queues().get("after-exp-1/Launch review ✓").items().values())
                .extracting(ReviewSnapshot.ItemSnapshot::status)
                .containsExactlyInAnyOrder("COMPLETE", "DECLINED");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.13.0"))
                        .expected()
                        .review())
                .extracting(
                        r -> r.issues().size(),
                        r -> r.labelSchemas().size(),
                        r -> r.queues().size())
                .containsExactly(2, 0, 0);
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.10.1"))
                        .expected()
                        .review())
                .isEqualTo(ReviewSnapshot.empty());
    }

    @Test
    void budgetPoliciesFrom311AreKeyedByWhoCreatedThemAndWhatTheyLimit() {
        assertThat(KINDS.expected().gateway().budgets())
                .containsOnlyKeys(
                        "mlflow-chart-harness: GLOBAL ALERT per 1 DAYS",
                        "mlflow-chart-harness: GLOBAL REJECT per 1 MONTHS");
        assertThat(DatasetGenerator.generate(SMALL, "after-", ALL_KINDS)
                        .expected()
                        .gateway()
                        .budgets())
                .containsOnlyKeys(
                        "after-mlflow-chart-harness: GLOBAL ALERT per 1 DAYS",
                        "after-mlflow-chart-harness: GLOBAL REJECT per 1 MONTHS");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.10.1"))
                        .expected()
                        .gateway())
                .satisfies(gateway -> assertThat(gateway.endpoints()).containsOnlyKeys("chat"))
                .satisfies(gateway -> assertThat(gateway.budgets()).isEmpty());
    }

    @Test
    void anEvaluationDatasetFrom34HoldsWhatTheStoreDerivesFromItsRecords() {
        DataSnapshot.EvaluationDatasetSnapshot dataset =
                KINDS.expected().evaluationDatasets().get("eval-questions");

        assertThat(dataset.experiments()).containsExactly("exp-1");
        assertThat(dataset.schema())
                .isEqualTo("{\"expectations\":{\"expected_response\":\"string\",\"facts\":\"array\","
                        + "\"min_score\":\"float\",\"must_cite\":\"boolean\"},"
                        + "\"inputs\":{\"question\":\"string\",\"top_k\":\"integer\"},\"version\":\"1.0\"}");
        assertThat(dataset.profile()).isEqualTo("{\"num_records\":3}");
        assertThat(dataset.records().values())
                .extracting(
                        DataSnapshot.DatasetRecordSnapshot::sourceType,
                        DataSnapshot.DatasetRecordSnapshot::sourceId,
                        DataSnapshot.DatasetRecordSnapshot::outputs)
                .containsExactlyInAnyOrder(
                        tuple("HUMAN", "human-1", null),
                        tuple("DOCUMENT", "document-1", null),
                        tuple("CODE", null, null));
        assertThat(dataset.records()).containsKey("{\"question\":\"Wie skaliert MLflow? ✓\",\"top_k\":5}");
        assertThat(DatasetGenerator.generate(SMALL, "after-", ALL_KINDS)
                        .expected()
                        .evaluationDatasets()
                        .get("after-eval-questions")
                        .experiments())
                .containsExactly("after-exp-1");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.3.2"))
                        .expected()
                        .evaluationDatasets())
                .isEmpty();
    }

    /** The text the 3.4.0 client registers (json.dumps of Scorer.model_dump), in the canonical form. */
    @Test
    void scorersFrom34AreTheBuiltinsAsThe340ClientSerializesThem() {
        String python = "{\"name\": \"english\", \"aggregations\": null, \"mlflow_version\": \"3.4.0\","
                + " \"serialization_version\": 1, \"builtin_scorer_class\": \"Guidelines\","
                + " \"builtin_scorer_pydantic_data\": {\"name\": \"english\", \"aggregations\": null,"
                + " \"required_columns\": [\"inputs\", \"outputs\"], \"guidelines\": [\"The answer is in English.\","
                + " \"The answer cites a source.\"], \"model\": null, \"instructions\": \"Given the following set of"
                + " guidelines and some inputs, please assess whether the inputs fully comply with all the provided"
                + " guidelines. Only focus on the provided guidelines and not the correctness, relevance, or"
                + " effectiveness of the inputs.\\n\\n<guidelines>\\n{{guidelines}}\\n</guidelines>\\n"
                + "{{guidelines_context}}\"}, \"call_source\": null, \"call_signature\": null,"
                + " \"original_func_name\": null, \"instructions_judge_pydantic_data\": null}";

        assertThat(KINDS.expected().scorers())
                .containsOnlyKeys(
                        "exp-1/english/1",
                        "exp-1/english/2",
                        "exp-1/relevance_to_query/1",
                        "exp-1/" + DatasetScorers.GATEWAY_JUDGED + "/1");
        assertThat(KINDS.expected().scorers().get("exp-1/english/2").serializedScorer())
                .isEqualTo(CanonicalJson.ofText(python));
        assertThat(KINDS.expected().scorers().get("exp-1/english/1").serializedScorer())
                .contains("[\"The answer is in English.\"]");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.3.2"))
                        .expected()
                        .scorers())
                .isEmpty();
    }

    @Test
    void aPromptFrom221IsARegisteredModelWhoseVersionsHoldTemplatesAndComeFromNoRun() {
        DataSnapshot.ModelSnapshot prompt = KINDS.expected().registeredModels().get("prompt-1");

        assertThat(prompt.tags()).containsEntry("mlflow.prompt.is_prompt", "true");
        assertThat(prompt.aliases()).containsExactly(Map.entry("production", "2"));
        assertThat(prompt.versions().values())
                .extracting(
                        DataSnapshot.VersionSnapshot::run,
                        DataSnapshot.VersionSnapshot::artifactPath,
                        version -> version.tags().get("mlflow.prompt.text"))
                .containsExactly(
                        tuple(null, "dummy-source", "Summarize {{text}} in {{words}} words."),
                        tuple(null, "dummy-source", "Summarize {{text}} in at most {{words}} words."));
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("2.20.3"))
                        .expected()
                        .registeredModels())
                .doesNotContainKey("prompt-1");
    }

    @Test
    void tracesTakeTheirTimesStatusAndMetadataFromTheirRootSpan() {
        DataSnapshot written = DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.0.1"))
                .expected();
        TraceSnapshot answered = written.traces().get("exp-1/answer-question");
        TraceSnapshot failed = written.traces().get("exp-1/use-tool");

        assertThat(written.traces()).containsOnlyKeys("exp-1/answer-question", "exp-1/use-tool");
        assertThat(answered.executionTimeMs()).isEqualTo(250);
        assertThat(answered.timestampMs() * 1_000_000)
                .isEqualTo(answered.spans().get("answer-question").startTimeNs());
        assertThat(answered.spans().values())
                .extracting(TraceSnapshot.SpanSnapshot::name, TraceSnapshot.SpanSnapshot::parent)
                .containsExactlyInAnyOrder(
                        tuple("answer-question", null),
                        tuple("retrieve", "answer-question"),
                        tuple("generate", "answer-question"));
        assertThat(answered.metadata().get("mlflow.traceInputs"))
                .isEqualTo(answered.spans().get("answer-question").attributes().get("mlflow.spanInputs"));
        assertThat(answered.tags()).containsEntry("mlflow.traceName", "answer-question");
        assertThat(failed.status()).isEqualTo("ERROR");
        assertThat(failed.spans().get("call-tool").statusCode()).isEqualTo("ERROR");
        assertThat(written.counts())
                .extracting(DataSnapshot.Counts::traces, DataSnapshot.Counts::spans)
                .containsExactly(2, answered.spans().size() + failed.spans().size());
    }

    @Test
    void tracesAreWrittenAsTheClientsOfTheirReleaseDo() {
        assertThat(traceKind("2.13.2")).isNull();
        assertThat(traceKind("2.22.5")).isEqualTo(DataKind.TRACES);
        assertThat(traceKind("3.3.2")).isEqualTo(DataKind.TRACES_V3);
        assertThat(traceKind("3.4.0")).isEqualTo(DataKind.TRACES_OTLP);
        assertThat(traceKind("3.5.1")).isEqualTo(DataKind.TRACES_OTLP);
        assertThat(traceKind("3.6.0")).isEqualTo(DataKind.TRACES_DB);
        assertThat(traceKind("3.17.2")).isEqualTo(DataKind.TRACES_DB);
    }

    private static DataKind traceKind(String version) {
        return DatasetGenerator.generate(SMALL, "", DataKinds.servedBy(version)).traceKind();
    }

    @Test
    void onlyTracesWhoseSpansTheStoreKeepsAreTaggedSoByIt() {
        assertThat(KINDS.expected().traces().values())
                .hasSize(2)
                .allSatisfy(trace ->
                        assertThat(trace.tags()).containsEntry(TraceInfo.SPANS_LOCATION_TAG, TraceInfo.TRACKING_STORE));
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.5.1"))
                        .expected()
                        .traces()
                        .values())
                .hasSize(2)
                .allSatisfy(trace -> assertThat(trace.tags()).doesNotContainKey(TraceInfo.SPANS_LOCATION_TAG));
    }

    @Test
    void assessmentsFrom32AreOnTheTraceThatSucceedsOneOverridingAnotherOnASpan() {
        TraceSnapshot answered = KINDS.expected().traces().get("exp-1/answer-question");
        SortedMap<String, TraceSnapshot.AssessmentSnapshot> assessments = answered.assessments();

        assertThat(assessments)
                .containsOnlyKeys(
                        "correctness by HUMAN reviewer@example.com",
                        "expected_facts by HUMAN reviewer@example.com",
                        "relevance by LLM_JUDGE gpt-4o-mini",
                        "relevance by HUMAN reviewer@example.com");
        assertThat(assessments.values())
                .extracting(
                        TraceSnapshot.AssessmentSnapshot::type,
                        TraceSnapshot.AssessmentSnapshot::span,
                        TraceSnapshot.AssessmentSnapshot::overrides,
                        TraceSnapshot.AssessmentSnapshot::valid)
                .containsExactly(
                        tuple("feedback", null, null, true),
                        tuple("expectation", null, null, true),
                        tuple("feedback", "retrieve", "relevance by LLM_JUDGE gpt-4o-mini", true),
                        tuple("feedback", "retrieve", null, false));
        // The client's times, after the trace's end, each assessment's own and none updated since.
        assertThat(assessments.values())
                .allSatisfy(assessment -> {
                    assertThat(assessment.createTimeMs())
                            .isGreaterThan(answered.timestampMs() + answered.executionTimeMs());
                    assertThat(assessment.lastUpdateTimeMs()).isEqualTo(assessment.createTimeMs());
                })
                .extracting(TraceSnapshot.AssessmentSnapshot::createTimeMs)
                .doesNotHaveDuplicates();
        assertThat(assessments.get("relevance by HUMAN reviewer@example.com").createTimeMs())
                .isGreaterThan(
                        assessments.get("relevance by LLM_JUDGE gpt-4o-mini").createTimeMs());
        assertThat(assessments
                        .get("expected_facts by HUMAN reviewer@example.com")
                        .value())
                .isEqualTo(CanonicalJson.ofText("[\"open source\", \"ML lifecycle\"]"));
        assertThat(KINDS.expected().traces().get("exp-1/use-tool").assessments())
                .isEmpty();
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.2.0"))
                        .expected()
                        .traces()
                        .get("exp-1/answer-question")
                        .assessments())
                .isEqualTo(assessments);
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.1.4"))
                        .expected()
                        .traces()
                        .values())
                .hasSize(2)
                .allSatisfy(trace -> assertThat(trace.assessments()).isEmpty());
    }

    @Test
    void from33TheTraceThatSucceedsIsLoggedInsideARunAndTheFailedOneLinkedToItAfterTriage() {
        TraceSnapshot answered = KINDS.expected().traces().get("exp-1/answer-question");
        TraceSnapshot failed = KINDS.expected().traces().get("exp-1/use-tool");

        assertThat(answered.metadata()).containsEntry("mlflow.sourceRun", "exp-1/traced");
        assertThat(answered.runs()).containsExactly("exp-1/traced");
        assertThat(KINDS.traceEdits()).containsOnlyKeys("exp-1/use-tool");
        assertThat(failed.metadata()).doesNotContainKey("mlflow.sourceRun");
        assertThat(failed.runs()).containsExactly("exp-1/traced");
        assertThat(failed.tags())
                .containsEntry("triage", "timeout raised to 5 s ✓")
                .doesNotContainKey("expected");
        TraceEdits triage = KINDS.traceEdits().get("exp-1/use-tool");
        assertThat(triage.linkedRun()).isEqualTo("exp-1/traced");
        assertThat(triage.tagsBefore(failed))
                .containsEntry("expected", "failure")
                .doesNotContainKey("triage");
        assertThat(KINDS.expected().experiments().get("exp-1").runs()).containsKey("traced");
    }

    @Test
    void before33TracesAreTriagedByTagsAloneAndNoRunFindsThem() {
        Dataset written = DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("3.2.0"));
        TraceSnapshot failed = written.expected().traces().get("exp-1/use-tool");

        assertThat(written.expected().traces().values())
                .allSatisfy(trace -> assertThat(trace.runs()).isEmpty())
                .allSatisfy(trace -> assertThat(trace.metadata()).doesNotContainKey("mlflow.sourceRun"));
        assertThat(failed.tags()).containsKey("triage").doesNotContainKey("expected");
        assertThat(written.traceEdits().get("exp-1/use-tool").linkedRun()).isNull();
        assertThat(written.expected().experiments().get("exp-1").runs()).doesNotContainKey("traced");
        assertThat(DatasetGenerator.generate(SMALL, "", DataKinds.servedBy("2.13.2"))
                        .traceEdits())
                .isEmpty();
    }

    @Test
    void tracesCarryTheSchemaVersionOfTheClientsTheirReleaseHas() {
        assertThat(traceSchemaVersions("3.1.0")).containsExactly(2, 2);
        assertThat(traceSchemaVersions("3.3.2")).containsExactly(3, 3);
        assertThat(traceSchemaVersions("3.17.2")).containsExactly(3, 3);
    }

    private static List<Integer> traceSchemaVersions(String version) {
        return DatasetGenerator.generate(SMALL, "", DataKinds.servedBy(version)).expected().traces().values().stream()
                .map(TraceSnapshot::schemaVersion)
                .toList();
    }

    @Test
    void theFirstModelsVersionsGoThroughTheStages() {
        DataSnapshot medium = DatasetGenerator.generate(DatasetSpec.named("medium"), "", ALL_KINDS)
                .expected();

        assertThat(medium.registeredModels().get("model-1").versions().values())
                .extracting(DataSnapshot.VersionSnapshot::stage)
                .containsExactly("Staging", "Production", "Archived");
        assertThat(medium.registeredModels().get("model-2").versions().values())
                .extracting(DataSnapshot.VersionSnapshot::stage)
                .containsOnly("None");
    }

    @Test
    void modelVersionsPointOnlyAtBaseRunsWhichNothingDeletes() {
        KINDS.expected().registeredModels().values().stream()
                .filter(model -> !Prompts.isPrompt(model.tags()))
                .flatMap(model -> model.versions().values().stream())
                .forEach(version -> assertThat(version.run()).matches("exp-\\d+/run-\\d+"));
    }

    static DatasetSpec withSeed(DatasetSpec spec, long seed) {
        return new DatasetSpec(
                spec.experiments(),
                spec.runsPerExperiment(),
                spec.paramsPerRun(),
                spec.metricsPerRun(),
                spec.stepsPerMetric(),
                spec.tagsPerRun(),
                spec.artifactsPerRun(),
                spec.largeArtifactBytes(),
                spec.registeredModels(),
                spec.versionsPerModel(),
                seed);
    }
}
