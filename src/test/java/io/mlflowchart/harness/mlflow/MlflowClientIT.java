package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.mlflowchart.harness.json.Mappers;
import io.restassured.http.Method;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client, generator and snapshot against real MLflow servers of every version the chart supports.
 * {@code -Dmlflow.images=a,b} overrides the images.
 */
class MlflowClientIT {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowClientIT.class);

    /** The chart's default MLflow image, which upgrades read older releases' data with unless told otherwise. */
    private static final String UPGRADE_TARGET = "ghcr.io/mlflow/mlflow:v3.17.2-full";

    /**
     * The key every server here encrypts webhook secrets with (a Fernet key: 32 bytes, URL-safe base64), as the
     * chart gives one to every replica: the dataset's webhook secret stays readable across workers and upgrades.
     */
    private static final String FERNET_KEY = "bWxmbG93LWNoYXJ0LXRlc3Qta2V5LTMyLWJ5dGVzISE=";

    /** The MLflow images CI builds (.ci/images/mlflow/tags), unless {@code -Dmlflow.images} names others. */
    static Stream<String> images() throws IOException {
        String images = System.getProperty("mlflow.images");
        if (images != null) {
            return Arrays.stream(images.split(","));
        }
        return Files.readAllLines(Path.of(".ci/images/mlflow/tags")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void keepsEveryKindOfDataAndShowsTampering(String image) {
        try (MlflowContainer mlflow = new MlflowContainer(image).withWebhookSecretKey(FERNET_KEY)) {
            long start = System.nanoTime();
            mlflow.start();
            LOG.info("{} started in {} ms", image, (System.nanoTime() - start) / 1_000_000);
            checkServer(mlflow.client(), versionIn(image));
        }
    }

    /**
     * The data an older release wrote, read by {@code -Dmlflow.upgrade.to} (default 3.17.2) after {@code mlflow db
     * upgrade}, compares equal to what was written: every kind, traces and prompts among them, survives the upgrade.
     * Runs for {@code -Dmlflow.upgrade.from} (a list of images), by default for CI's older images.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upgradedImages")
    void readsTheSameDataAfterTheDatabaseIsUpgraded(String image, @TempDir Path dir) throws Exception {
        String target = System.getProperty("mlflow.upgrade.to", UPGRADE_TARGET);
        Path state = dir.resolve("state.tar");
        Dataset dataset;
        try (MlflowContainer older = new MlflowContainer(image).withWebhookSecretKey(FERNET_KEY)) {
            older.start();
            MlflowClient client = older.client();
            dataset = DatasetGenerator.generate(DatasetSpec.named("small"), "", DataKinds.servedBy(client));
            dataset.writeTo(client);
            DataSnapshot.readFrom(client).requireMatches(dataset.expected(), "before the upgrade");
            older.saveState(state);
        }
        try (MlflowContainer newer =
                new MlflowContainer(target).upgrading(state).withWebhookSecretKey(FERNET_KEY)) {
            newer.start();
            LOG.info("{}'s data read by MLflow {}", image, newer.client().version());
            DataSnapshot.readFrom(newer.client().withPageSize(2))
                    .requireMatches(dataset.expected(), "after the upgrade to " + target);
        }
    }

    /**
     * Workspaces turned on by the upgrade, as an operator turns them on (3.10 on): what the older release wrote is
     * all in the workspace {@code default}, read as before; then every kind written again, one workspace more with
     * its own data under the same names, each workspace reads as written, and neither finds the other's by id.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upgradedImages")
    void keepsTheDataOfBeforeInTheDefaultWorkspaceAndEachWorkspaceApartOnceTheUpgradeTurnsThemOn(
            String image, @TempDir Path dir) throws Exception {
        String target = System.getProperty("mlflow.upgrade.to", UPGRADE_TARGET);
        assumeTrue(DataKinds.servedBy(versionIn(target)).has(DataKind.WORKSPACES), "no workspaces before 3.10");
        Path state = dir.resolve("state.tar");
        Dataset before;
        try (MlflowContainer older = new MlflowContainer(image).withWebhookSecretKey(FERNET_KEY)) {
            older.start();
            before = DatasetGenerator.generate(DatasetSpec.named("small"), "", DataKinds.servedBy(older.client()));
            before.writeTo(older.client());
            older.saveState(state);
        }
        try (MlflowContainer newer = new MlflowContainer(target)
                .upgrading(state)
                .withWebhookSecretKey(FERNET_KEY)
                .withWorkspaces()) {
            newer.start();
            MlflowClient client = newer.client();
            assertThat(client.workspaces()).extracting(Workspace::name).containsExactly(Workspace.DEFAULT);
            DataSnapshot.readFrom(client)
                    .requireMatches(before.expected(), "after the upgrade, in the default workspace");
            assertThat(DataSnapshot.readFrom(client.inWorkspace(Workspace.DEFAULT)))
                    .isEqualTo(DataSnapshot.readFrom(client));

            DataKinds kinds = DataKinds.servedBy(client);
            assertThat(kinds.has(DataKind.WORKSPACES)).isTrue();
            Dataset after = DatasetGenerator.generate(DatasetSpec.named("small"), "after-", kinds);
            after.writeTo(client);
            DataSnapshot snapshot = DataSnapshot.readFrom(client.withPageSize(2));
            snapshot.requireMatches(before.expected().plus(after.expected()), "after writing in a workspace");
            assertThat(snapshot.workspaces()).containsOnlyKeys("after-team");
            assertThat(snapshot.workspaces().get("after-team").traceArchival())
                    .as("the workspace's trace archival setting on " + client.version())
                    .isEqualTo(
                            kinds.has(DataKind.WORKSPACE_TRACE_ARCHIVAL)
                                    ? new Workspace.TraceArchivalConfig(null, "3650d")
                                    : null);

            String runInWorkspace = snapshot.workspaces()
                    .get("after-team")
                    .data()
                    .experiments()
                    .get("after-exp-1")
                    .runs()
                    .get("run-1")
                    .id();
            assertThatThrownBy(() -> client.run(runInWorkspace))
                    .isInstanceOfSatisfying(
                            MlflowException.class, e -> assertThat(e.status()).isEqualTo(404));
            assertThat(client.inWorkspace("after-team")
                            .run(runInWorkspace)
                            .info()
                            .runName())
                    .isEqualTo("run-1");
        }
    }

    /**
     * Why every server here, and the chart's, gets MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY: a secret is encrypted with
     * a key each server process draws for itself unless that variable gives one, so the next server (after a restart
     * or an upgrade; another worker, too) cannot list any webhook (mlflow/mlflow#19896); with one key for both it can,
     * and serves no secret. On the upgrade target: a restart is an upgrade to the same release.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upgradedImages")
    void aWebhookSecretIsReadableAfterARestartOnlyWithAFixedEncryptionKey(String image, @TempDir Path dir)
            throws Exception {
        assumeTrue(DataKinds.servedBy(versionIn(image)).has(DataKind.WEBHOOKS), "no webhooks before 3.3");
        String target = System.getProperty("mlflow.upgrade.to", UPGRADE_TARGET);
        Webhook.Request request = new Webhook.Request(
                new Webhook(
                        null,
                        "signed",
                        null,
                        "https://192.88.99.1/signed",
                        List.of(new Webhook.Event("MODEL_VERSION", "CREATED")),
                        "DISABLED",
                        null,
                        null),
                "whsec-0123456789abcdef");
        for (String key : new String[] {null, FERNET_KEY}) {
            Path state = dir.resolve("state-" + (key == null ? "drawn" : "fixed") + ".tar");
            try (MlflowContainer older = withKey(new MlflowContainer(image), key)) {
                older.start();
                older.client().createWebhook(request);
                older.saveState(state);
            }
            try (MlflowContainer newer = withKey(new MlflowContainer(target).upgrading(state), key)) {
                newer.start();
                if (key == null) {
                    assertThatThrownBy(() -> newer.client().webhooks())
                            .isInstanceOfSatisfying(
                                    MlflowException.class,
                                    e -> assertThat(e.status()).isEqualTo(500));
                } else {
                    assertThat(newer.client().webhooks())
                            .extracting(Webhook::name)
                            .containsExactly("signed");
                    assertThat(newer.client()
                                    .getFrom("/api/2.0/mlflow/webhooks", Map.of())
                                    .toString())
                            .doesNotContain("whsec-");
                }
            }
        }
    }

    /**
     * A finding about upgrades from 3.8.x, whose data the others here would only show as one failed read. 3.8.x bind
     * an endpoint to a {@code scorer_job}; 3.9.0 renamed the type {@code scorer} and migrated no row, so the upgraded
     * server cannot list any binding. And a scorer that names its judge {@code gateway:/<endpoint>} is kept by 3.8.x as
     * written, while from 3.9.0 the store looks what follows up as an endpoint's id: the endpoint is there, under
     * that name, yet the scorer reads back as if it had been deleted, its model null. Upgrades from 3.8.x only.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upgradedImages")
    void anUpgradeFrom38CannotListBindingsAndDropsTheJudgeOfAScorerNamingAnEndpoint(String image, @TempDir Path dir)
            throws Exception {
        assumeTrue(
                DataKinds.servedBy(versionIn(image)).has(DataKind.SCORER_JOB_BINDINGS), "only 3.8.x bind scorer jobs");
        String target = System.getProperty("mlflow.upgrade.to", UPGRADE_TARGET);
        Path state = dir.resolve("state.tar");
        try (MlflowContainer older = new MlflowContainer(image).withWebhookSecretKey(FERNET_KEY)) {
            older.start();
            MlflowClient client = older.client();
            DatasetGenerator.generate(DatasetSpec.named("small"), "", DataKinds.servedBy(client))
                    .writeTo(client);
            assertThat(client.gatewayEndpointBindings())
                    .extracting(GatewayEndpointBinding::resourceType)
                    .containsExactly(DatasetGateway.SCORER_JOB);
            assertThat(judgeOfTheScorerJudgedThroughTheGateway(client)).isEqualTo("gateway:/chat");
            older.saveState(state);
        }
        try (MlflowContainer newer =
                new MlflowContainer(target).upgrading(state).withWebhookSecretKey(FERNET_KEY)) {
            newer.start();
            MlflowClient client = newer.client();
            assertThatThrownBy(client::gatewayEndpointBindings)
                    .isInstanceOfSatisfying(
                            MlflowException.class, e -> assertThat(e.status()).isEqualTo(500));
            assertThat(client.gatewayEndpoints())
                    .extracting(GatewayEndpoint::name)
                    .containsExactly("chat");
            assertThat(judgeOfTheScorerJudgedThroughTheGateway(client)).isNull();
        }
    }

    private static String judgeOfTheScorerJudgedThroughTheGateway(MlflowClient client) throws IOException {
        String experimentId = client.experimentByName("exp-1").orElseThrow().experimentId();
        Scorer scorer = client.scorers(experimentId).stream()
                .filter(s -> s.scorerName().equals(DatasetScorers.GATEWAY_JUDGED))
                .findFirst()
                .orElseThrow();
        return Mappers.JSON
                .readTree(scorer.serializedScorer())
                .path("builtin_scorer_pydantic_data")
                .path("model")
                .textValue();
    }

    /**
     * Why the chart gives the gateway no key of its own: MLflow derives the key of a gateway secret from
     * MLFLOW_CRYPTO_KEK_PASSPHRASE or, unset, from a passphrase built into it (utils/crypto.py, 3.8.0 to 3.17.2), so
     * a server without one decrypts what another without one wrote, after a restart or an upgrade; a server given a
     * passphrase only what was written with that same one. Only an invocation decrypts (3.9 on, on the upgrade
     * target): an empty request is refused for its payload once the secrets are decrypted, before that if they
     * cannot be. No list serves a value.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("upgradedImages")
    void aGatewaySecretIsReadableAfterAnUpgradeWithTheBuiltInPassphraseOrTheSameOneOnly(String image, @TempDir Path dir)
            throws Exception {
        assumeTrue(DataKinds.servedBy(versionIn(image)).has(DataKind.GATEWAY_ENDPOINTS), "no gateway before 3.8");
        String target = System.getProperty("mlflow.upgrade.to", UPGRADE_TARGET);
        String passphrase = "mlflow-chart-test-passphrase-0123456789abcdef";
        String[][] cases = {{null, null}, {null, passphrase}, {passphrase, passphrase}};
        for (String[] keys : cases) {
            String written = keys[0];
            String read = keys[1];
            Path state = dir.resolve("state-" + (written == null ? "built-in" : "set") + ".tar");
            if (!Files.exists(state)) {
                try (MlflowContainer older = withPassphrase(new MlflowContainer(image), written)) {
                    older.start();
                    DatasetGateway.write(older.client(), DatasetGateway.of(""), DatasetGateway.secretValues(""));
                    older.saveState(state);
                }
            }
            try (MlflowContainer newer = withPassphrase(new MlflowContainer(target).upgrading(state), read)) {
                newer.start();
                MlflowClient client = newer.client();
                String what = "written with " + (written == null ? "the built-in" : "a set") + " passphrase, read with "
                        + (read == null ? "the built-in one" : "a set one");
                assertThatThrownBy(() -> client.invokeGatewayEndpoint("chat", Map.of()))
                        .as(what)
                        .isInstanceOfSatisfying(MlflowException.class, e -> {
                            assertThat(e.status()).isEqualTo(400);
                            assertThat(e.getMessage())
                                    .contains(
                                            Objects.equals(written, read)
                                                    ? "payload format must be either chat or embeddings"
                                                    : "Failed to decrypt secret");
                        });
                assertThat(client.gatewayListings()).doesNotContain("0123456789abcdef", "abcdef0123456789");
            }
        }
    }

    private static MlflowContainer withPassphrase(MlflowContainer container, String passphrase) {
        return passphrase == null ? container : container.withGatewayPassphrase(passphrase);
    }

    private static MlflowContainer withKey(MlflowContainer container, String key) {
        return key == null ? container : container.withWebhookSecretKey(key);
    }

    /** {@code -Dmlflow.upgrade.from}, else every image of {@link #images()} but the target: CI's older release. */
    static Stream<String> upgradedImages() throws IOException {
        String images = System.getProperty("mlflow.upgrade.from");
        if (images == null) {
            String target = System.getProperty("mlflow.upgrade.to", UPGRADE_TARGET);
            return images().filter(image -> !image.equals(target));
        }
        return Arrays.stream(images.split(",")).filter(image -> !image.isBlank());
    }

    private static void checkServer(MlflowClient client, String version) {
        assertThat(client.health()).isEqualTo("OK");
        assertThat(client.version()).startsWith(version);
        LOG.info("MLflow {} at {}", client.version(), client.baseUri());

        DataKinds kinds = DataKinds.servedBy(client);
        Dataset dataset = DatasetGenerator.generate(DatasetSpec.named("small"), "", kinds);
        long start = System.nanoTime();
        dataset.writeTo(client);
        long written = System.nanoTime();
        // Pages of two make every search and history read take several pages.
        DataSnapshot snapshot = DataSnapshot.readFrom(client.withPageSize(2));
        long read = System.nanoTime();
        LOG.info(
                "wrote {} in {} ms, read back in {} ms",
                snapshot.counts(),
                (written - start) / 1_000_000,
                (read - written) / 1_000_000);

        snapshot.requireMatches(dataset.expected());
        assertThat(DataSnapshot.fromJson(snapshot.toJson())).isEqualTo(snapshot);
        checkKinds(version, kinds, dataset.traceKind(), snapshot);
        if (kinds.has(DataKind.GATEWAY_ENDPOINTS)) {
            // What the snapshot cannot show: no read serves a secret's value, in whole or in part past its mask.
            assertThat(client.gatewayListings())
                    .doesNotContain(dataset.gatewaySecretValues().values().stream()
                            .flatMap(value -> value.values().stream())
                            .map(value -> value.substring(3, value.length() - 4))
                            .toArray(String[]::new));
        }
        if (kinds.has(DataKind.PROMPTS)) {
            // Why the reader asks for prompts apart: the plain search leaves them out.
            assertThat(client.registeredModels())
                    .extracting(RegisteredModel::name)
                    .doesNotContain("prompt-1");
            assertThat(client.prompts()).extracting(RegisteredModel::name).containsExactly("prompt-1");
        }

        Run run = client.run(
                snapshot.experiments().get("exp-1").runs().get("run-2").id());
        client.uploadArtifact(run, "model/weights.bin", new byte[] {1, 2, 3});
        assertThat(DataSnapshot.readFrom(client).diffAgainst(dataset.expected()).differences())
                .singleElement()
                .asString()
                .startsWith("artifact 'exp-1/run-2/model/weights.bin': sha256 differs (expected ")
                .endsWith("but was 3 bytes 039058c6f2c0…)");

        assertThatThrownBy(() -> client.run("0123456789abcdef0123456789abcdef"))
                .isInstanceOfSatisfying(MlflowException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST");
                    assertThat(e.getMessage()).startsWith("GET /api/2.0/mlflow/runs/get -> HTTP 404");
                });
        assertThat(client.experimentByName("no such experiment")).isEmpty();

        checkAnUpdatedAssessmentShows(client, kinds, snapshot, dataset.expected());
        checkSingleReads(client, dataset.expected());
        checkTheAliasOfADeletedVersion(
                client, kinds, snapshot.experiments().get("exp-2").id());
        checkBatchesAboveTheRequestLimits(client);
    }

    /**
     * What the comparison cannot show by itself: the kinds were written at all, and how MLflow keeps what it
     * transforms (an infinity, which {@link IgnoredFields} lets match its clamp; the parent's id, compared as a key).
     */
    private static void checkKinds(String version, DataKinds kinds, DataKind traceKind, DataSnapshot snapshot) {
        assertThat(kinds.has(DataKind.LOGGED_MODELS))
                .as("logged models on " + version)
                .isEqualTo(version.startsWith("3."));
        assertThat(snapshot.loggedModels().keySet())
                .isEqualTo(kinds.has(DataKind.LOGGED_MODELS) ? Set.of("exp-1/logged-model") : Set.of());
        assertThat(snapshot.traces().keySet())
                .as("traces on " + version)
                .isEqualTo(traceKind != null ? Set.of("exp-1/answer-question", "exp-1/use-tool") : Set.of());
        // The store's tag, compared with the expected data, is what sent the reader to BatchGetTraces for the spans.
        assertThat(snapshot.traces().values())
                .as("traces whose spans the store keeps on " + version)
                .allSatisfy(trace -> assertThat(
                                TraceInfo.TRACKING_STORE.equals(trace.tags().get(TraceInfo.SPANS_LOCATION_TAG)))
                        .isEqualTo(traceKind == DataKind.TRACES_DB));
        assertThat(snapshot.traces().values().stream()
                        .mapToInt(trace -> trace.assessments().size())
                        .sum())
                .as("assessments on " + version)
                .isEqualTo(kinds.has(DataKind.ASSESSMENTS) ? 4 : 0);
        // One trace found by the run it was logged inside, one by the run it was linked to: both ways of searching.
        assertThat(snapshot.traces().values())
                .as("traces found by a run on " + version)
                .allSatisfy(trace -> assertThat(trace.runs())
                        .isEqualTo(kinds.has(DataKind.RUN_LINKED_TRACES) ? Set.of("exp-1/traced") : Set.of()));
        assertThat(snapshot.webhooks().keySet())
                .as("webhooks on " + version)
                .isEqualTo(kinds.has(DataKind.WEBHOOKS) ? Set.of("registry-events", "tag-deletions") : Set.of());
        assertThat(snapshot.evaluationDatasets().keySet())
                .as("evaluation datasets on " + version)
                .isEqualTo(kinds.has(DataKind.EVALUATION_DATASETS) ? Set.of("eval-questions") : Set.of());
        Set<String> scorers = new HashSet<>();
        if (kinds.has(DataKind.SCORERS)) {
            scorers.addAll(Set.of("exp-1/english/1", "exp-1/english/2", "exp-1/relevance_to_query/1"));
        }
        if (kinds.has(DataKind.GATEWAY_SCORERS)) {
            scorers.add("exp-1/" + DatasetScorers.GATEWAY_JUDGED + "/1");
        }
        assertThat(snapshot.scorers().keySet()).as("scorers on " + version).isEqualTo(scorers);
        assertThat(snapshot.gateway().endpoints().keySet())
                .as("gateway endpoints on " + version)
                .isEqualTo(kinds.has(DataKind.GATEWAY_ENDPOINTS) ? Set.of("chat") : Set.of());
        assertThat(snapshot.gateway().budgets())
                .as("gateway budget policies on " + version)
                .hasSize(kinds.has(DataKind.GATEWAY_BUDGETS) ? 2 : 0);
        assertThat(snapshot.gateway().guardrails())
                .as("gateway guardrails on " + version)
                .hasSize(kinds.has(DataKind.GATEWAY_GUARDRAILS) ? 2 : 0);
        assertThat(snapshot.review().issues()).as("issues on " + version).hasSize(kinds.has(DataKind.ISSUES) ? 2 : 0);
        assertThat(snapshot.review().labelSchemas())
                .as("label schemas on " + version)
                .hasSize(kinds.has(DataKind.LABEL_SCHEMAS) ? 4 : 0);
        assertThat(snapshot.review().queues().values())
                .as("review queues on " + version)
                .extracting(queue -> queue.items().size())
                .containsExactlyInAnyOrderElementsOf(kinds.has(DataKind.REVIEW_QUEUES) ? List.of(2, 1) : List.of());
        assertThat(snapshot.mcpServers().values())
                .as("MCP servers on " + version)
                .extracting(
                        server -> server.versions().size(),
                        server -> server.endpoints().size())
                .containsExactlyElementsOf(kinds.has(DataKind.MCP_SERVERS) ? List.of(tuple(2, 1)) : List.of());
        List<String> bound = new ArrayList<>();
        if (kinds.has(DataKind.SCORER_BINDINGS)) {
            bound.add(GatewaySnapshot.SCORER);
        }
        if (kinds.has(DataKind.SCORER_JOB_BINDINGS)) {
            bound.add(DatasetGateway.SCORER_JOB);
        }
        assertThat(snapshot.gateway().bindings().values())
                .as("gateway bindings on " + version)
                .extracting(GatewaySnapshot.BindingSnapshot::resourceType)
                .containsExactlyInAnyOrderElementsOf(bound);
        assertThat(snapshot.registeredModels().containsKey("prompt-1"))
                .as("prompts on " + version)
                .isEqualTo(kinds.has(DataKind.PROMPTS));
        Map<String, DataSnapshot.RunSnapshot> runs =
                snapshot.experiments().get("exp-1").runs();
        assertThat(runs.get("non-finite").metrics().get("non-finite"))
                .extracting(DataSnapshot.MetricPoint::value)
                .containsExactly(1.5, Double.NaN, Double.MAX_VALUE, -Double.MAX_VALUE, 0.25);
        assertThat(runs.get("grandchild").tags())
                .containsEntry(Run.PARENT_ID_TAG, runs.get("child-1").id());
        assertThat(runs.get("running").endTime()).isNull();
        assertThat(runs.get("deleted").lifecycleStage()).isEqualTo(DataSnapshot.DELETED);
        assertThat(runs.get("restored").lifecycleStage()).isEqualTo("active");
        assertThat(snapshot.experiments().get("exp-1-deleted").runs().get("run").lifecycleStage())
                .isEqualTo(DataSnapshot.DELETED);
        assertThat(snapshot.experiments()
                        .get("exp-1-restored")
                        .runs()
                        .get("run")
                        .lifecycleStage())
                .isEqualTo("active");
        assertThat(runs.get("at-limits").params().get(DatasetGenerator.AT_LIMIT))
                .hasSize(kinds.limits().length(ValueLimits.Field.PARAM_VALUE));
        assertThat(snapshot.registeredModels()
                        .get("model-1")
                        .versions()
                        .get("1")
                        .tags()
                        .get(DatasetGenerator.AT_LIMIT))
                .hasSize(kinds.limits().length(ValueLimits.Field.MODEL_VERSION_TAG_VALUE));
    }

    /**
     * An assessment changed in place (UpdateAssessment, as {@code mlflow.update_assessment} sends it) shows as the
     * value it changed and its last update, which the store stamps with its own clock; valid and overrides it keeps.
     */
    private static void checkAnUpdatedAssessmentShows(
            MlflowClient client, DataKinds kinds, DataSnapshot snapshot, DataSnapshot expected) {
        if (!kinds.has(DataKind.ASSESSMENTS)) {
            return;
        }
        TraceSnapshot trace = snapshot.traces().get("exp-1/answer-question");
        String key = "correctness by HUMAN reviewer@example.com";
        TraceSnapshot.AssessmentSnapshot correctness = trace.assessments().get(key);
        client.sendJson(
                Method.PATCH,
                "/api/3.0/mlflow/traces/" + trace.id() + "/assessments/" + correctness.id(),
                Map.of(
                        "assessment",
                        Map.of(
                                "assessment_id",
                                correctness.id(),
                                "trace_id",
                                trace.id(),
                                "feedback",
                                Map.of("value", false)),
                        "update_mask",
                        "feedback"));

        String where = "trace 'exp-1/answer-question' assessment '" + key + "'";
        assertThat(DataSnapshot.readFrom(client).diffAgainst(expected).differences())
                .filteredOn(line -> line.startsWith("trace "))
                .satisfiesExactly(
                        line -> assertThat(line).isEqualTo(where + " value: expected true but was false"),
                        line -> assertThat(line)
                                .startsWith(where + " last_update_time: expected " + correctness.lastUpdateTimeMs()
                                        + " but was "));
    }

    /**
     * What the range of {@link DataKind#DELETED_VERSION_ALIAS} says: before 3.17 deleting a version leaves its alias,
     * pointing at a version no read finds; from 3.17 the alias goes with it.
     */
    private static void checkTheAliasOfADeletedVersion(MlflowClient client, DataKinds kinds, String experimentId) {
        Run run = client.createRun(experimentId, "versioned", 1_700_000_000_000L, Map.of());
        client.createRegisteredModel("aliased", "", Map.of());
        client.createModelVersion("aliased", run.info().artifactUri() + "/model", run.id(), "", Map.of());
        client.createModelVersion("aliased", run.info().artifactUri() + "/model", run.id(), "", Map.of());
        client.setAlias("aliased", "kept", "1");
        client.setAlias("aliased", "retired", "2");
        client.deleteModelVersion("aliased", "2");

        assertThatThrownBy(() -> client.modelVersion("aliased", "2"))
                .isInstanceOfSatisfying(
                        MlflowException.class, e -> assertThat(e.errorCode()).isEqualTo("RESOURCE_DOES_NOT_EXIST"));
        assertThat(client.registeredModel("aliased").aliasMap())
                .isEqualTo(
                        kinds.has(DataKind.DELETED_VERSION_ALIAS)
                                ? Map.of("kept", "1")
                                : Map.of("kept", "1", "retired", "2"));
    }

    /** The get-one calls agree with the snapshot, which is built from the search calls. */
    private static void checkSingleReads(MlflowClient client, DataSnapshot expected) {
        DataSnapshot.ExperimentSnapshot exp1 = expected.experiments().get("exp-1");
        Experiment byName = client.experimentByName("exp-1").orElseThrow();
        assertThat(byName.tagMap()).isEqualTo(exp1.tags());
        assertThat(client.experiment(byName.experimentId()).name()).isEqualTo("exp-1");

        DataSnapshot.ModelSnapshot model = expected.registeredModels().get("model-1");
        assertThat(client.registeredModel("model-1").aliasMap()).isEqualTo(model.aliases());
        assertThat(client.modelVersionByAlias("model-1", "champion").version())
                .isEqualTo(model.aliases().get("champion"));
        ModelVersion first = client.modelVersion("model-1", "1");
        assertThat(first.status()).isEqualTo("READY");
        assertThat(first.source()).endsWith("/artifacts/model");

        client.setExperimentTag(byName.experimentId(), "added", "later");
        assertThat(client.experiment(byName.experimentId()).tagMap()).containsEntry("added", "later");
        Run run = client.runs(List.of(byName.experimentId())).get(0);
        client.setTag(run.id(), "added", "later");
        assertThat(client.run(run.id()).tags()).containsEntry("added", "later");
    }

    /** 2500 metric values, 150 params and 150 tags: more than one log-batch request and one history page hold. */
    private static void checkBatchesAboveTheRequestLimits(MlflowClient client) {
        String experimentId = client.createExperiment("limits", Map.of());
        Run run = client.createRun(experimentId, "many", 1_700_000_000_000L, Map.of());
        List<Metric> metrics = IntStream.range(0, 2500)
                .mapToObj(step -> new Metric("m", step * 0.5, 1_700_000_000_000L + step, step))
                .toList();
        List<Tag> params =
                IntStream.range(0, 150).mapToObj(i -> new Tag("p" + i, "v" + i)).toList();
        List<Tag> tags =
                IntStream.range(0, 150).mapToObj(i -> new Tag("t" + i, "v" + i)).toList();
        client.logBatch(run.id(), new LogBatch(metrics, params, tags));

        assertThat(client.withPageSize(1000).metricHistory(run.id(), "m")).hasSameElementsAs(metrics);
        Run read = client.run(run.id());
        assertThat(read.params()).hasSize(150);
        assertThat(read.tags().keySet()).containsAll(tags.stream().map(Tag::key).toList());
    }

    private static String versionIn(String image) {
        Matcher version = Pattern.compile("(\\d+\\.\\d+\\.\\d+)").matcher(image);
        return version.find() ? version.group(1) : "";
    }
}
