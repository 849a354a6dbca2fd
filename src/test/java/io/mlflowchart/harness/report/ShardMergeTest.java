package io.mlflowchart.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.report.ShardMerge.Merge;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shards' reports of one run, as a CI matrix leaves them (fixtures under {@code report/shards/}: three machines'
 * {@code reports/<run-id>/}, one with a scenario's logs), merged into one report; and what is refused.
 */
class ShardMergeTest {

    private static final Path SHARDS = Path.of("src/test/resources/report/shards");

    private static final Path SHARD_1 = SHARDS.resolve("shard-1/reports/20260115-100002/results.json");

    private static final Path SHARD_2 = SHARDS.resolve("shard-2/reports/20260115-100000/results.json");

    private static final Path SHARD_3 = SHARDS.resolve("shard-3/reports/20260115-100005/results.json");

    @TempDir
    Path work;

    @Test
    void mergesTheShardsOfOneRunIntoOneReportAsARunWritesIt() throws Exception {
        Path reports = work.resolve("reports");

        Path merged = ShardMerge.write(ShardMerge.merge(ShardMerge.read(List.of(SHARDS))), reports, List.of(SHARDS));

        assertThat(merged).isEqualTo(reports.resolve("20260115-100000-merged"));
        assertThat(reports.resolve("latest").toRealPath()).isEqualTo(merged.toRealPath());
        String json = Files.readString(merged.resolve("results.json"));
        assertThat(ResultsSchemaTest.SCHEMA.validate(json, InputFormat.JSON)).isEmpty();
        JsonNode results = Mappers.JSON.readTree(json);
        assertThat(results.get("runId").asText()).as("the earliest shard's").isEqualTo("20260115-100000");
        assertThat(results.get("started").asText()).isEqualTo("2026-01-15T10:00:00Z");
        assertThat(results.get("shards").toString()).isEqualTo("{\"count\":3,\"included\":[1,2,3],\"missing\":[]}");
        assertThat(results.get("passed").asBoolean())
                .as("prod-smoke failed on shard 2")
                .isFalse();
        assertThat(results.get("scenarios")
                        .valueStream()
                        .map(scenario -> scenario.get("name").asText()))
                .as("shard by shard")
                .containsExactly("dev-smoke", "prod-smoke", "prod-upgrade-in-place", "dev-upgrade");
        assertThat(results.at("/scenarios/0/steps/2/availability/failedWrites").toString())
                .as("a step's availability, as its shard measured it")
                .isEqualTo("{\"connection refused\":1}");
        assertThat(results.get("cpu").toString())
                .as("three machines of two cores, added up")
                .isEqualTo("{\"cores\":6,\"machineMillis\":1800000,\"machineBusyMillis\":1660000,"
                        + "\"harnessMillis\":115000,\"commandsMillis\":160000}");
        assertThat(results.at("/versions/chart mlflow").asText()).isEqualTo("mlflow 1.0.0, appVersion 3.17.2");
        assertThat(results.at("/versions/Helm").asText()).isEqualTo("v3.22.0");
        assertThat(results.at("/versions/k3s image").asText())
                .as("each machine built its own image")
                .isEqualTo("shard 1: localhost/kube-node:v1.34.4 (sha256:aaa111); "
                        + "shard 2: localhost/kube-node:v1.34.4 (sha256:bbb222); "
                        + "shard 3: localhost/kube-node:v1.34.4 (sha256:ccc333)");
        assertThat(merged.resolve("dev-smoke/logs/mlflow-0_mlflow.log"))
                .hasContent("[INFO] Listening at: http://0.0.0.0:5000");
        assertThat(results.at("/scenarios/0/diagnostics").asText())
                .isEqualTo(Path.of("")
                        .toAbsolutePath()
                        .relativize(merged.resolve("dev-smoke").toAbsolutePath())
                        .toString());
        assertThat(results.at("/scenarios/2/diagnostics").isNull())
                .as("no folder in shard 3's report")
                .isTrue();
        assertThat(merged.resolve("summary.md"))
                .content()
                .contains("| prod-smoke | prod | 2.9.2 | **FAILED** | 105 s | verify |")
                .contains("| dev-upgrade | dev | 2.9.2 → chart default | passed | 95 s |  |");
        assertThat(merged.resolve("index.html"))
                .content()
                .contains("All 3 shards, merged.")
                .contains("href=\"dev-smoke/logs/mlflow-0_mlflow.log\"");
    }

    @Test
    void namesAMissingShardAndDoesNotPass() throws Exception {
        Merge merge = ShardMerge.merge(ShardMerge.read(List.of(SHARD_1, SHARD_3)));

        assertThat(merge.results().shards()).isEqualTo(new Shards(3, List.of(1, 3), List.of(2)));
        assertThat(merge.results().scenarios()).allMatch(ScenarioResult::passed);
        assertThat(merge.results().passed())
                .as("shard 2's scenarios never reported")
                .isFalse();
        Path merged = ShardMerge.write(merge, work.resolve("reports"), List.of(SHARD_1, SHARD_3));
        assertThat(merged.resolve("index.html"))
                .content()
                .contains(
                        "shards 1, 3 of 3 (shard 2 MISSING): the scenarios of the missing shards are not in this report");
        assertThat(merged.resolve("summary.md"))
                .content()
                .startsWith("## MLflow chart end-to-end run 20260115-100002, " + "shards 1, 3 of 3 (shard 2 MISSING)");
    }

    @Test
    void refusesShardsOfAnotherChartVersion() throws Exception {
        Path other = edited(
                SHARD_3,
                results ->
                        ((ObjectNode) results.get("versions")).put("chart mlflow", "mlflow 1.1.0, appVersion 3.17.2"));

        assertRefused(
                List.of(SHARD_1, SHARD_2, other),
                other + " has chart mlflow 'mlflow 1.1.0, appVersion 3.17.2' but " + SHARD_1
                        + " has 'mlflow 1.0.0, appVersion 3.17.2': these shards tested different code");
    }

    @Test
    void refusesShardsOfAnotherCommit() throws Exception {
        Path other = edited(
                SHARD_2,
                results -> ((ObjectNode) results.get("versions"))
                        .put("commit", "0123456789012345678901234567890123456789-dirty"));

        assertRefused(
                List.of(SHARD_1, other, SHARD_3),
                other + " has commit '0123456789012345678901234567890123456789-dirty' but " + SHARD_1
                        + " has '274550d526f0e6d39c2b4e4dfffb07349f6c97ca'");
    }

    @Test
    void knowsNoCpuForTheWholeRunWhenAShardDidNotRecordItsOwn() throws Exception {
        Path withoutCpu = edited(SHARD_2, results -> ((ObjectNode) results).putNull("cpu"));

        RunResults merged = ShardMerge.merge(ShardMerge.read(List.of(SHARD_1, withoutCpu, SHARD_3)))
                .results();

        assertThat(merged.cpu()).isNull();
    }

    @Test
    void refusesAnotherSchemaVersion() throws Exception {
        Path older = edited(SHARD_2, results -> ((ObjectNode) results).put("schemaVersion", 2));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ShardMerge.read(List.of(SHARD_1, older)))
                .withMessage(older + " has schemaVersion 2, this harness reads " + RunResults.SCHEMA_VERSION
                        + ": merge with the commit the shards ran," + " or re-run them with this one");
    }

    @Test
    void refusesShardsOfSplitsIntoDifferentNumbers() throws Exception {
        Path ofFour = edited(SHARD_3, results -> ((ObjectNode) results.get("shards")).put("count", 4));

        assertRefused(
                List.of(SHARD_1, ofFour),
                ofFour + " is shard 3/4 but " + SHARD_1 + " is shard 1/3: the shards of one run are split into the same"
                        + " number n");
    }

    @Test
    void refusesTwoRunsOfTheSameShard() throws Exception {
        Path rerun = edited(SHARD_2, results -> ((ObjectNode) results).put("runId", "20260115-110000"));

        assertRefused(
                List.of(SHARD_1, SHARD_2, rerun),
                "shard 2 is in both " + SHARD_2 + " and " + rerun + ": give each shard's report once");
    }

    @Test
    void readsACopyOfAShardsReportOnceAsAnUploadThatFollowedLatestLeavesIt() throws Exception {
        Path latest =
                Files.createDirectories(work.resolve("report-shard-2/latest")).resolve("results.json");
        Files.copy(SHARD_2, latest);

        assertThat(ShardMerge.read(List.of(SHARDS, latest.getParent())))
                .extracting(ShardMerge.ShardReport::file)
                .containsExactly(SHARD_1, SHARD_2, SHARD_3);
    }

    @Test
    void refusesAFolderWithoutAReport() throws Exception {
        Path empty = Files.createDirectories(work.resolve("shard-4"));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ShardMerge.read(List.of(SHARDS, empty)))
                .withMessage("-Dreports.merge: no results.json at or under " + empty
                        + ": give the folders the shards wrote their reports in (reports/<run-id>/)");
    }

    private void assertRefused(List<Path> inputs, String problem) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> ShardMerge.merge(ShardMerge.read(inputs)))
                .withMessageStartingWith("these reports are not the shards of one run, nothing merged:")
                .withMessageContaining(problem);
    }

    /** A copy of a fixture with one change, in its own folder. */
    private Path edited(Path fixture, Consumer<JsonNode> change) throws IOException {
        JsonNode results = Mappers.JSON.readTree(fixture.toFile());
        change.accept(results);
        Path copy = Files.createDirectories(
                        work.resolve("edited-" + Stream.of(work.toFile().list()).count()))
                .resolve("results.json");
        Mappers.JSON.writeValue(copy.toFile(), results);
        return copy;
    }
}
