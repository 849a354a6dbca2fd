package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gate's Argo CD scan reports the flaw of each fixture, and nothing else. */
class ArgoSyncStallsTest {

    @Test
    void reportsAPreSyncMigrationThatMountsAClaimOfTheSyncPhase() {
        assertThat(ArgoSyncStalls.in(FlawedChart.named("presync-migration-mounts-a-later-claim")))
                .containsExactly("Job/fixture-mlflow-migration (PreSync wave 0 [hook Job/fixture-mlflow-migration])"
                        + " reads PersistentVolumeClaim/fixture-mlflow-db, applied only in Sync wave 0");
    }

    @Test
    void reportsAClaimInAnEarlyWaveThatNoPodOfItsWaveMounts() {
        assertThat(ArgoSyncStalls.in(FlawedChart.named("claim-in-an-early-wave-nobody-mounts")))
                .containsExactly("PersistentVolumeClaim/fixture-mlflow-artifacts is applied in Sync wave -1 but no pod"
                        + " of that wave mounts it: with a WaitForFirstConsumer class it stays Pending and the sync"
                        + " never reaches the next wave");
    }
}
