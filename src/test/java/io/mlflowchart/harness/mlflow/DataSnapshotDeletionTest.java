package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.mlflow.DataSnapshot.UserSnapshot;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** What the data must hold after runs/delete and after mlflow gc. */
class DataSnapshotDeletionTest {

    private static final DataSnapshot WRITTEN =
            DatasetGenerator.generate(DatasetSpec.named("small")).expected();

    @Test
    void deletedRunsKeepAllTheirDataInLifecycleStageDeleted() {
        DataSnapshot deleted = WRITTEN.withRunsDeleted(List.of("exp-1/run-2", "exp-2/run-1"));

        assertThat(deleted.diffAgainst(WRITTEN).differences())
                .containsExactlyInAnyOrder(
                        "run 'exp-1/run-2' lifecycle_stage: expected active but was deleted",
                        "run 'exp-2/run-1' lifecycle_stage: expected active but was deleted");
        assertThat(deleted.counts())
                .usingRecursiveComparison()
                .ignoringFields("deletedRuns")
                .isEqualTo(WRITTEN.counts());
        assertThat(deleted.counts().deletedRuns()).isEqualTo(2);
    }

    @Test
    void garbageCollectionDropsExactlyTheDeletedRuns() {
        DataSnapshot collected =
                WRITTEN.withRunsDeleted(List.of("exp-1/run-2", "exp-2/run-1")).withoutDeleted();

        assertThat(collected.runKeys()).containsExactly("exp-1/run-1", "exp-1/run-3", "exp-2/run-2", "exp-2/run-3");
        assertThat(collected.diffAgainst(WRITTEN).differences())
                .containsExactlyInAnyOrder("run 'exp-1/run-2': missing", "run 'exp-2/run-1': missing");
        assertThat(collected.registeredModels()).isEqualTo(WRITTEN.registeredModels());
        assertThat(WRITTEN.withoutDeleted())
                .as("nothing deleted, nothing collected")
                .isEqualTo(WRITTEN);
    }

    @Test
    void garbageCollectionAlsoDropsWhatTheDatasetLeftDeletedButNotWhatItRestored() {
        DataSnapshot kinds = DatasetGenerator.generate(DatasetSpec.named("small"), "", DataKinds.servedBy("2.9.2"))
                .expected();

        assertThat(kinds.withoutDeleted().diffAgainst(kinds).differences())
                .containsExactlyInAnyOrder("run 'exp-1/deleted': missing", "experiment 'exp-1-deleted': missing");
        assertThat(kinds.withoutDeleted().experiments().get("exp-1-restored"))
                .isEqualTo(kinds.experiments().get("exp-1-restored"));
    }

    @Test
    void garbageCollectionDropsTheLoggedModelsOfDeletedExperimentsOnly() {
        DataSnapshot kinds = DatasetGenerator.generate(DatasetSpec.named("small"), "", DataKinds.servedBy("3.17.2"))
                .expected();
        DataSnapshot exp1Deleted = DataSnapshot.fromJson(
                kinds.toJson().replaceFirst("(\"exp-1\" : \\{[^{]*\"lifecycle_stage\" : )\"active\"", "$1\"deleted\""));

        assertThat(exp1Deleted.experiments().get("exp-1").lifecycleStage()).isEqualTo(DataSnapshot.DELETED);
        assertThat(kinds.withoutDeleted().loggedModels()).isEqualTo(kinds.loggedModels());
        assertThat(exp1Deleted.withoutDeleted().loggedModels()).isEmpty();
    }

    @Test
    void deletingAndCollectingKeepTheUsers() {
        DataSnapshot withUser = WRITTEN.plus(new DataSnapshot(
                new TreeMap<>(),
                new TreeMap<>(),
                new TreeMap<>(Map.of("editor", new UserSnapshot("editor", false, new TreeMap<>())))));

        assertThat(withUser.withRunsDeleted(List.of("exp-1/run-2")).users()).isEqualTo(withUser.users());
        assertThat(withUser.withoutDeleted().users()).isEqualTo(withUser.users());
    }

    @Test
    void refusesToDeleteARunThatWasNeverWritten() {
        assertThatThrownBy(() -> WRITTEN.withRunsDeleted(List.of("exp-1/run-9")))
                .hasMessageStartingWith("no run 'exp-1/run-9' to delete (runs: [exp-1/run-1,");
    }
}
