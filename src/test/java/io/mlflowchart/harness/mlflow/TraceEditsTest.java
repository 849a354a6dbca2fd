package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TraceEditsTest {

    private static final TraceSnapshot RECORDED =
            DatasetTraces.of("exp-1", 1_700_000_000_000L, DataKind.TRACES_DB).get(1);

    @Test
    void setsAndDeletesTagsAndAddsTheLinkedRunToThoseFindingTheTrace() {
        TraceEdits edits = new TraceEdits(
                new TreeMap<>(Map.of("triage", "done", "environment", "staging")),
                new TreeMap<>(Map.of("expected", "failure")),
                "exp-1/traced");

        TraceSnapshot edited = edits.applyTo(RECORDED);

        assertThat(RECORDED.tags()).containsEntry("environment", "harness").containsKey("expected");
        assertThat(edited.tags())
                .containsEntry("triage", "done")
                .containsEntry("environment", "staging")
                .doesNotContainKey("expected");
        assertThat(edited.runs()).containsExactly("exp-1/traced");
        assertThat(edited.spans()).isEqualTo(RECORDED.spans());
        assertThat(edited.metadata()).isEqualTo(RECORDED.metadata());
    }

    @Test
    void theTagsBeforeAreThoseTheTraceWasRecordedWithWhenNoEditOverwritesOne() {
        TraceEdits edits = DatasetTraces.triage(true, null);

        assertThat(edits.tagsBefore(edits.applyTo(RECORDED))).isEqualTo(RECORDED.tags());
        assertThat(TraceEdits.NONE.applyTo(RECORDED)).isEqualTo(RECORDED);
    }

    @Test
    void refusesATagBothSetAndDeleted() {
        assertThatThrownBy(() -> new TraceEdits(
                        new TreeMap<>(Map.of("triage", "done")), new TreeMap<>(Map.of("triage", "open")), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("triage");
    }
}
