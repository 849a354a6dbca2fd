package io.mlflowchart.harness.scenario.steps;

import static org.awaitility.Awaitility.await;

import io.mlflowchart.harness.environment.DedicatedBackends;
import io.mlflowchart.harness.mlflow.DataKinds;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.DatasetGenerator;
import io.mlflowchart.harness.mlflow.DatasetSpec;
import io.mlflowchart.harness.mlflow.MlflowException;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import java.sql.Connection;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Restarts the scenario's own PostgreSQL server while MLflow serves (a fast shutdown, as {@code pg_ctl restart} does by
 * default: every connection MLflow's pool holds is cut), at the same address and port. MLflow must then serve reads
 * and writes again within {@link #RECOVERY} (then every read of {@link #READS_AFTER} in a row, and a write of every
 * kind), with the same pods and no container restart: its connection pool, not Kubernetes, has to get it through.
 */
public final class RestartPostgres extends BackendFault {

    /** Reads in a row that must all succeed once one did: through the Service, they reach every pod and worker. */
    private static final int READS_AFTER = 20;

    /** A run with a few of each kind of data, one small artifact and a registered model: a write of every kind. */
    private static final DatasetSpec WRITTEN_AFTER = new DatasetSpec(1, 1, 3, 2, 5, 2, 1, 0, 1, 1, 17);

    public RestartPostgres() {
        super(
                "restart-postgres",
                "restarts the scenario's own PostgreSQL while MLflow serves; reads and writes must work again within "
                        + RECOVERY.toSeconds() + " s, with the same server pods and no restart of theirs");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        DedicatedBackends backends = run.dedicatedBackends();
        ServerPods before = ServerPods.of(run.release());
        long down = System.nanoTime();
        backends.postgresServer().holdDown();
        String whileDown = FaultOutcome.of(() -> run.mlflow().experiments());
        backends.postgresServer().release();
        await("PostgreSQL accepts connections again")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .until(() -> {
                    try (Connection probe = backends.postgres().connect("postgres")) {
                        return probe.isValid(5);
                    }
                });
        long up = System.nanoTime();
        try {
            await("MLflow reads again")
                    .atMost(RECOVERY)
                    .pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions()
                    .until(() -> run.mlflow().experiments() != null);
        } catch (ConditionTimeoutException e) {
            throw new StepFailure("MLflow still fails reads " + RECOVERY.toSeconds()
                    + " s after PostgreSQL came back from a restart: "
                    + FaultOutcome.of(() -> run.mlflow().experiments()) + "; server pods "
                    + ServerPods.of(run.release()));
        }
        long reading = System.nanoTime();
        // A pool that kept a stale connection fails once per such connection, on whichever pod and worker holds it.
        for (int read = 1; read <= READS_AFTER; read++) {
            try {
                run.mlflow().experiments();
            } catch (MlflowException e) {
                throw new StepFailure(
                        "read " + read + " of " + READS_AFTER + " after MLflow's first good one since the "
                                + "PostgreSQL restart failed: " + FaultOutcome.shortened(e.getMessage()));
            }
        }
        DataSnapshot.Counts counts =
                Write.write(run, DatasetGenerator.generate(WRITTEN_AFTER, "after-postgres-restart-", DataKinds.BASE));
        ServerPods after = ServerPods.of(run.release());
        if (!after.equals(before)) {
            throw new StepFailure("MLflow's server pods changed across the PostgreSQL restart: before " + before
                    + ", after " + after + " (the server was restarted or replaced instead of reconnecting)");
        }
        run.evidence()
                .note("PostgreSQL down " + FaultOutcome.seconds(up - down) + " s; a read meanwhile: " + whileDown
                        + "; reads again " + FaultOutcome.seconds(reading - up) + " s after PostgreSQL was back, then "
                        + READS_AFTER + " reads in a row and a write of every kind; server pods unchanged: " + after);
        return counts;
    }
}
