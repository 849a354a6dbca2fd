package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DataSnapshot;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The data a scenario's MLflow must hold: everything written so far, and what each backup set holds. */
public final class ExpectedData {

    private final Map<String, DataSnapshot> atBackupSet = new HashMap<>();

    private DataSnapshot current = DataSnapshot.empty();

    public DataSnapshot current() {
        return current;
    }

    /** MLflow acknowledged {@code written}: it must hold it from now on. */
    public void add(DataSnapshot written) {
        current = current.plus(written);
    }

    /** Runs {@code keys} ({@code experiment/run}) were deleted through the API: MLflow keeps them, marked deleted. */
    public void runsDeleted(Collection<String> keys) {
        current = current.withRunsDeleted(keys);
    }

    /** {@code mlflow gc} ran: what was deleted (runs, experiments with their runs) is gone for good. */
    public void garbageCollected() {
        current = current.withoutDeleted();
    }

    /** Backup set {@code set} was taken now: it holds what MLflow holds now. */
    void backedUpAs(String set) {
        atBackupSet.put(set, current);
    }

    /** Backup set {@code set} was restored: MLflow holds what it held then, and nothing written since. */
    void restoredFrom(String set) {
        DataSnapshot restored = atBackupSet.get(set);
        if (restored == null) {
            throw new IllegalStateException("backup set " + set + " was not taken by this scenario");
        }
        current = restored;
    }
}
