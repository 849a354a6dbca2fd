package io.mlflowchart.harness.scenario.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.mlflowchart.harness.scenario.StepFailure;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the chart's kept migration Job tells a run: that an upgrade migrated once, whether it failed, and its pods' logs. */
@EnableKubernetesMockClient(crud = true)
class MigrationJobTest {

    private static final String NAMESPACE = "prod-upgrade";

    private final MigrationJob job = new MigrationJob(NAMESPACE, "mlflow-migration");

    KubernetesClient client;

    KubernetesMockServer server;

    @Test
    void acceptsTheJobOfTheRevisionThatSucceededInOnePod() {
        job("3", 1, null);
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Succeeded");
        pod("backup-4mzq8", "backup", "Failed");

        assertThatCode(() -> job.requireRanOnceFor(client, 3)).doesNotThrowAnyException();
    }

    @Test
    void refusesAMigrationThatARetryFinishedNamingEveryPod() {
        job("3", 1, 1);
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Failed");
        pod("mlflow-migration-q9w4d", "mlflow-migration", "Succeeded");

        assertThatThrownBy(() -> job.requireRanOnceFor(client, 3))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("migration Job mlflow-migration did not run exactly once for revision 3")
                .hasMessageContaining("mlflow-migration-x7k2p Failed")
                .hasMessageContaining("mlflow-migration-q9w4d Succeeded")
                .hasMessageContaining("expected Runs[revisionLabel=3, succeeded=1, failed=0, pods=1]")
                .hasMessageContaining("but was Runs[revisionLabel=3, succeeded=1, failed=1, pods=2]");
    }

    @Test
    void refusesTheJobOfAnEarlierRevision() {
        job("2", 1, null);
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Succeeded");

        assertThatThrownBy(() -> job.requireRanOnceFor(client, 3))
                .isInstanceOf(StepFailure.class)
                .hasMessageContaining("but was Runs[revisionLabel=2, succeeded=1, failed=0, pods=1]");
    }

    @Test
    void refusesAnUpgradeThatLeftNoJob() {
        assertThatThrownBy(() -> job.requireRanOnceFor(client, 3))
                .isInstanceOf(StepFailure.class)
                .hasMessage("migration Job prod-upgrade/mlflow-migration is not there after the change to revision 3");
    }

    @Test
    void acceptsTheNewJobOfASyncThatSucceededInOnePod() {
        job("1", 1, null);
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Succeeded");

        assertThatCode(() -> job.requireRanOnceSince(client, "uid-of-the-last-sync"))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesASyncThatLeftTheJobOfTheLastSyncInPlace() {
        job("1", 1, null);
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Succeeded");
        String lastSync = job.uid(client);

        assertThat(lastSync).as("uid the server gave the Job").isNotBlank();
        assertThatThrownBy(() -> job.requireRanOnceSince(client, lastSync))
                .isInstanceOf(StepFailure.class)
                .hasMessage("migration Job mlflow-migration is still the one of the previous sync (uid " + lastSync
                        + "): the sync did not run the migration");
    }

    @Test
    void refusesASyncWhoseMigrationARetryFinished() {
        job("1", 1, 1);
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Failed");
        pod("mlflow-migration-q9w4d", "mlflow-migration", "Succeeded");

        assertThatThrownBy(() -> job.requireRanOnceSince(client, "uid-of-the-last-sync"))
                .isInstanceOf(StepFailure.class)
                .hasMessageStartingWith("migration Job mlflow-migration did not run exactly once for the sync")
                .hasMessageContaining("but was Runs[revisionLabel=1, succeeded=1, failed=1, pods=2]");
    }

    @Test
    void failedWhenAPodFailedAndNoneSucceeded() {
        job("3", null, 2);

        assertThat(job.failed(client)).isTrue();
    }

    @Test
    void notFailedWhenARetrySucceeded() {
        job("3", 1, 1);

        assertThat(job.failed(client)).isFalse();
    }

    @Test
    void notFailedWhileRunningOrWithoutAJob() {
        assertThat(job.failed(client)).as("no Job").isFalse();
        job("3", null, null);
        assertThat(job.failed(client)).as("Job without finished pods").isFalse();
    }

    @Test
    void readsTheLogOfEachOfItsPodsAndOfNoOtherPod() {
        pod("mlflow-migration-x7k2p", "mlflow-migration", "Failed");
        pod("mlflow-migration-q9w4d", "mlflow-migration", "Failed");
        pod("backup-4mzq8", "backup", "Succeeded");
        log("mlflow-migration-x7k2p", "alembic.util.exc.CommandError: Can't locate revision\n");
        log("mlflow-migration-q9w4d", "sqlalchemy.exc.OperationalError: connection refused\n");
        log("backup-4mzq8", "pg_dump: done\n");

        assertThat(job.logs(client))
                .isEqualTo(Map.of(
                        "mlflow-migration-q9w4d", "sqlalchemy.exc.OperationalError: connection refused\n",
                        "mlflow-migration-x7k2p", "alembic.util.exc.CommandError: Can't locate revision\n"));
    }

    private void job(String revision, Integer succeeded, Integer failed) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .resource(new JobBuilder()
                        .withNewMetadata()
                        .withName("mlflow-migration")
                        .withNamespace(NAMESPACE)
                        .addToLabels(MigrationJob.REVISION_LABEL, revision)
                        .endMetadata()
                        .withNewStatus()
                        .withSucceeded(succeeded)
                        .withFailed(failed)
                        .endStatus()
                        .build())
                .create();
    }

    private void pod(String name, String jobName, String phase) {
        client.pods()
                .inNamespace(NAMESPACE)
                .resource(new PodBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NAMESPACE)
                        .addToLabels("job-name", jobName)
                        .endMetadata()
                        .withNewStatus()
                        .withPhase(phase)
                        .endStatus()
                        .build())
                .create();
    }

    /** The CRUD mock serves no logs: each is an expectation. */
    private void log(String pod, String text) {
        server.expect()
                .get()
                .withPath("/api/v1/namespaces/" + NAMESPACE + "/pods/" + pod + "/log?pretty=false")
                .andReturn(200, text)
                .always();
    }
}
