package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class DataKindsTest {

    @Test
    void loggedModelsComeWith3AndTheRestApi2KindsWithEveryRelease() {
        // And 3.8.x's scorer job bindings, which 3.9.0 took away.
        EnumSet<DataKind> olderTraces =
                EnumSet.of(DataKind.TRACES, DataKind.TRACES_V3, DataKind.TRACES_OTLP, DataKind.SCORER_JOB_BINDINGS);
        // What 3.2 and later add: traces as their clients write them, assessments, webhooks and traces linked to runs
        // (3.3), evaluation datasets, scorers (3.4), the AI Gateway (3.8) with scorers judged through it (bound from
        // 3.9), its budget policies (3.11) and guardrails (3.12); workspaces (3.10); issues (3.11), label schemas and
        // review queues (3.14); the MCP server registry (3.15).
        EnumSet<DataKind> newerThan31 = EnumSet.of(
                DataKind.WORKSPACES,
                DataKind.WORKSPACE_TRACE_ARCHIVAL,
                DataKind.MCP_SERVERS,
                DataKind.ISSUES,
                DataKind.LABEL_SCHEMAS,
                DataKind.REVIEW_QUEUES,
                DataKind.GATEWAY_BUDGETS,
                DataKind.GATEWAY_GUARDRAILS,
                DataKind.GATEWAY_SCORERS,
                DataKind.SCORER_BINDINGS,
                DataKind.SCORER_JOB_BINDINGS,
                DataKind.TRACES_V3,
                DataKind.TRACES_OTLP,
                DataKind.TRACES_DB,
                DataKind.ASSESSMENTS,
                DataKind.WEBHOOKS,
                DataKind.RUN_LINKED_TRACES,
                DataKind.EVALUATION_DATASETS,
                DataKind.SCORERS,
                DataKind.GATEWAY_ENDPOINTS);
        assertThat(DataKinds.servedBy("3.17.2").kinds()).isEqualTo(EnumSet.complementOf(olderTraces));
        assertThat(DataKinds.servedBy("3.17.0").kinds()).isEqualTo(EnumSet.complementOf(olderTraces));
        assertThat(DataKinds.servedBy("3.16.1").kinds())
                .isEqualTo(EnumSet.complementOf(with(olderTraces, DataKind.DELETED_VERSION_ALIAS)));
        assertThat(DataKinds.servedBy("3.0.0").kinds())
                .isEqualTo(EnumSet.complementOf(with(newerThan31, DataKind.DELETED_VERSION_ALIAS)));
        assertThat(DataKinds.servedBy("2.22.4").kinds())
                .isEqualTo(EnumSet.complementOf(
                        with(newerThan31, DataKind.LOGGED_MODELS, DataKind.DELETED_VERSION_ALIAS)));
        assertThat(DataKinds.servedBy("2.9.2").kinds())
                .isEqualTo(EnumSet.complementOf(with(
                        newerThan31,
                        DataKind.LOGGED_MODELS,
                        DataKind.DELETED_VERSION_ALIAS,
                        DataKind.PROMPTS,
                        DataKind.TRACES,
                        DataKind.TRACE_TAG_EDITS)));
        assertThat(DataKinds.servedBy("2.20.3").kinds()).doesNotContain(DataKind.PROMPTS);
        assertThat(DataKinds.servedBy("2.21.0").kinds()).contains(DataKind.PROMPTS);
        assertThat(DataKinds.servedBy("2.3.2").kinds()).doesNotContain(DataKind.DATASET_INPUTS);
        assertThat(DataKinds.servedBy("2.4.0").kinds()).contains(DataKind.DATASET_INPUTS);
        assertThat(DataKinds.servedBy("1.30.1").kinds()).isEmpty();
    }

    @Test
    void tracesAreWrittenAsA2xClientDoesUpTo31AndReadOnEveryReleaseFrom214() {
        assertThat(DataKinds.servedBy("2.13.2").has(DataKind.TRACES)).isFalse();
        assertThat(DataKinds.servedBy("2.14.0").has(DataKind.TRACES)).isTrue();
        assertThat(DataKinds.servedBy("3.1.0").has(DataKind.TRACES)).isTrue();
        assertThat(DataKinds.servedBy("3.2.0").has(DataKind.TRACES)).isFalse();
        assertThat(DataKinds.servedBy("2.13.2").has(DataKind.TRACE_TAG_EDITS)).isFalse();
        assertThat(DataKinds.servedBy("2.14.0").has(DataKind.TRACE_TAG_EDITS)).isTrue();
        assertThat(DataKinds.servedBy("3.2.0").has(DataKind.RUN_LINKED_TRACES)).isFalse();
        assertThat(DataKinds.servedBy("3.3.2").has(DataKind.RUN_LINKED_TRACES)).isTrue();
        assertThat(DataKinds.servedBy("3.10.1").has(DataKind.GATEWAY_BUDGETS)).isFalse();
        assertThat(DataKinds.servedBy("3.11.1").has(DataKind.GATEWAY_BUDGETS)).isTrue();
        assertThat(DataKinds.servedBy("3.11.1").has(DataKind.GATEWAY_GUARDRAILS))
                .isFalse();
        assertThat(DataKinds.servedBy("3.12.0").has(DataKind.GATEWAY_GUARDRAILS))
                .isTrue();
        assertThat(DataKinds.servedBy("3.10.1").has(DataKind.ISSUES)).isFalse();
        assertThat(DataKinds.servedBy("3.11.1").has(DataKind.ISSUES)).isTrue();
        assertThat(DataKinds.servedBy("3.13.0").kinds()).doesNotContain(DataKind.LABEL_SCHEMAS, DataKind.REVIEW_QUEUES);
        assertThat(DataKinds.servedBy("3.14.0").kinds()).contains(DataKind.LABEL_SCHEMAS, DataKind.REVIEW_QUEUES);
        assertThat(DataKinds.servedBy("3.12.0").has(DataKind.WORKSPACE_TRACE_ARCHIVAL))
                .isFalse();
        assertThat(DataKinds.servedBy("3.13.0").has(DataKind.WORKSPACE_TRACE_ARCHIVAL))
                .isTrue();
        assertThat(DataKinds.servedBy("3.14.0").has(DataKind.MCP_SERVERS)).isFalse();
        assertThat(DataKinds.servedBy("3.15.2").has(DataKind.MCP_SERVERS)).isTrue();
        assertThat(DataKinds.readableOn(DataKind.TRACES, "2.13.2")).isFalse();
        assertThat(DataKinds.readableOn(DataKind.TRACES, "3.17.2")).isTrue();
    }

    @Test
    void tracesAreWrittenAs32And33ClientsDoOnThoseReleasesOnly() {
        assertThat(DataKinds.servedBy("3.1.0").has(DataKind.TRACES_V3)).isFalse();
        assertThat(DataKinds.servedBy("3.2.0").has(DataKind.TRACES_V3)).isTrue();
        assertThat(DataKinds.servedBy("3.3.2").has(DataKind.TRACES_V3)).isTrue();
        assertThat(DataKinds.servedBy("3.4.0").has(DataKind.TRACES_V3)).isFalse();
    }

    @Test
    void from34SpansGoToTheStoreOverOtlpAndFrom36TheyStayThere() {
        assertThat(kindsOfTraces("3.3.2")).containsExactly(DataKind.TRACES_V3);
        assertThat(kindsOfTraces("3.4.0")).containsExactly(DataKind.TRACES_OTLP);
        assertThat(kindsOfTraces("3.5.1")).containsExactly(DataKind.TRACES_OTLP);
        assertThat(kindsOfTraces("3.6.0")).containsExactly(DataKind.TRACES_DB);
        assertThat(kindsOfTraces("3.17.2")).containsExactly(DataKind.TRACES_DB);
    }

    @Test
    void webhooksComeWith33AndEvaluationDatasetsAndScorersWith34AndAreReadAfterAnUpgrade() {
        assertThat(DataKinds.servedBy("3.2.0").has(DataKind.WEBHOOKS)).isFalse();
        assertThat(DataKinds.servedBy("3.3.0").has(DataKind.WEBHOOKS)).isTrue();
        assertThat(DataKinds.servedBy("3.3.2").has(DataKind.EVALUATION_DATASETS))
                .isFalse();
        assertThat(DataKinds.servedBy("3.4.0").has(DataKind.EVALUATION_DATASETS))
                .isTrue();
        assertThat(DataKinds.readableOn(DataKind.WEBHOOKS, "3.17.2")).isTrue();
        assertThat(DataKinds.readableOn(DataKind.EVALUATION_DATASETS, "3.3.2")).isFalse();
        assertThat(DataKinds.readableOn(DataKind.EVALUATION_DATASETS, "3.17.2")).isTrue();
        assertThat(DataKinds.servedBy("3.3.2").has(DataKind.SCORERS)).isFalse();
        assertThat(DataKinds.servedBy("3.4.0").has(DataKind.SCORERS)).isTrue();
    }

    @Test
    void assessmentsComeWith32WhoseServerFirstTakesThemAndAreReadAfterAnUpgrade() {
        // 3.0 and 3.1 clients have the call, their servers no route for it.
        assertThat(DataKinds.servedBy("3.1.4").has(DataKind.ASSESSMENTS)).isFalse();
        assertThat(DataKinds.servedBy("3.2.0").has(DataKind.ASSESSMENTS)).isTrue();
        assertThat(DataKinds.servedBy("3.17.2").has(DataKind.ASSESSMENTS)).isTrue();
        assertThat(DataKinds.readableOn(DataKind.ASSESSMENTS, "3.1.4")).isFalse();
        assertThat(DataKinds.readableOn(DataKind.ASSESSMENTS, "3.17.2")).isTrue();
    }

    @Test
    void endpointsAreBoundToScorerJobsOn38AndToScorersJudgedThroughThemFrom39() {
        assertThat(DataKinds.servedBy("3.8.1").kinds())
                .contains(DataKind.GATEWAY_SCORERS, DataKind.SCORER_JOB_BINDINGS)
                .doesNotContain(DataKind.SCORER_BINDINGS);
        assertThat(DataKinds.servedBy("3.9.0").kinds())
                .contains(DataKind.GATEWAY_SCORERS, DataKind.SCORER_BINDINGS)
                .doesNotContain(DataKind.SCORER_JOB_BINDINGS);
        assertThat(DataKinds.servedBy("3.7.0").kinds()).doesNotContain(DataKind.GATEWAY_SCORERS);
    }

    @Test
    void theGatewayComesWith38AndIsReadAfterAnUpgrade() {
        assertThat(DataKinds.servedBy("3.7.0").has(DataKind.GATEWAY_ENDPOINTS)).isFalse();
        assertThat(DataKinds.servedBy("3.8.0").has(DataKind.GATEWAY_ENDPOINTS)).isTrue();
        assertThat(DataKinds.servedBy("3.17.2").has(DataKind.GATEWAY_ENDPOINTS)).isTrue();
        assertThat(DataKinds.readableOn(DataKind.GATEWAY_ENDPOINTS, "3.7.0")).isFalse();
        assertThat(DataKinds.readableOn(DataKind.GATEWAY_ENDPOINTS, "3.8.1")).isTrue();
    }

    /** The kinds that write traces on {@code version}: one at most, however the ranges change. */
    private static List<DataKind> kindsOfTraces(String version) {
        return DataKinds.servedBy(version).kinds().stream()
                .filter(kind -> kind.id().startsWith("traces"))
                .toList();
    }

    private static EnumSet<DataKind> with(EnumSet<DataKind> kinds, DataKind... more) {
        EnumSet<DataKind> all = EnumSet.copyOf(kinds);
        all.addAll(Arrays.asList(more));
        return all;
    }

    @Test
    void aRangeEndsBeforeItsFirstReleaseNoLongerCovered() {
        List<DataKinds.Range> ranges = DataKinds.parse(Stream.concat(
                        Stream.of("# a comment", "", "run-statuses  2.0  3.0  until 3.0"),
                        Arrays.stream(DataKind.values())
                                .filter(kind -> kind != DataKind.RUN_STATUSES)
                                .map(kind -> kind.id() + " 3.1 - from 3.1"))
                .toList());

        assertThat(DataKinds.servedBy("2.22.4", ranges).kinds()).containsExactly(DataKind.RUN_STATUSES);
        assertThat(DataKinds.servedBy("3.0.1", ranges).kinds()).isEmpty();
        assertThat(DataKinds.servedBy("3.1.0", ranges).kinds())
                .hasSize(DataKind.values().length - 1)
                .doesNotContain(DataKind.RUN_STATUSES);
        assertThat(ranges.get(0).source()).isEqualTo("until 3.0");
    }

    @Test
    void aReleaseCarriesItsValueLimits() {
        assertThat(DataKinds.servedBy("2.9.2").limits()).isEqualTo(ValueLimits.of("2.9.2"));
        assertThatThrownBy(() -> new DataKinds(Set.of(DataKind.LENGTH_LIMITS), null))
                .hasMessage("values at the length limits need the limits");
    }

    @Test
    void refusesAKindItDoesNotKnowAndAKindWithoutARange() {
        assertThatThrownBy(() -> DataKinds.parse(List.of("logged-modelz 3.0 - typo")))
                .hasMessageStartingWith("data-kinds.txt: no kind 'logged-modelz' (allowed: [run-statuses,");
        assertThatThrownBy(() -> DataKinds.parse(List.of("run-statuses 2.0 - only one")))
                .hasMessageStartingWith("data-kinds.txt: no release range for [nested-runs,");
        assertThatThrownBy(() -> DataKinds.parse(List.of("run-statuses 2.0")))
                .hasMessageContaining("want kind, first, below and source");
    }

    @Test
    void theReadmeNamesEveryKind() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(DataKinds.table())
                .allSatisfy(
                        range -> assertThat(readme).contains("`" + range.kind().id() + "`"));
    }
}
