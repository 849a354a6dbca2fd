package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.mlflowchart.harness.helm.ArgoSyncPlan;
import io.mlflowchart.harness.helm.RenderedChart;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A sync of the migration's shape, on a mock API server that runs no controller (the test plays the Job controller):
 * hook Secret (wave -2, deleted when the sync ends), migration Job (wave -1, recreated by every sync), app (wave 0).
 */
@EnableKubernetesMockClient(crud = true)
class ArgoStyleSyncTest {

    private static final String NAMESPACE = "dev-gitops";

    KubernetesClient client;

    private final ArgoSyncPlan plan = ArgoSyncPlan.of(new RenderedChart(
            List.of(
                    new ConfigMapBuilder()
                            .withNewMetadata()
                            .withName("app")
                            .endMetadata()
                            .build(),
                    new JobBuilder()
                            .withNewMetadata()
                            .withName("migration")
                            .addToAnnotations("argocd.argoproj.io/hook", "Sync")
                            .addToAnnotations("argocd.argoproj.io/sync-wave", "-1")
                            .addToAnnotations("argocd.argoproj.io/hook-delete-policy", "BeforeHookCreation")
                            .endMetadata()
                            .build(),
                    new SecretBuilder()
                            .withNewMetadata()
                            .withName("migration")
                            .addToAnnotations("argocd.argoproj.io/hook", "Sync")
                            .addToAnnotations("argocd.argoproj.io/sync-wave", "-2")
                            .addToAnnotations(
                                    "argocd.argoproj.io/hook-delete-policy",
                                    "BeforeHookCreation,HookSucceeded,HookFailed")
                            .endMetadata()
                            .build()),
            ""));

    /** The mock client is injected after construction. */
    private void sync() {
        new ArgoStyleSync(client, NAMESPACE, Duration.ofSeconds(20)).apply(plan);
    }

    @Test
    void runsTheMigrationBeforeTheAppAndKeepsOnlyTheJobOfTheHooks() throws Exception {
        CompletableFuture<Void> running = CompletableFuture.runAsync(this::sync);
        Job job = awaitJob();
        assertThat(configMap()).as("app applied while the migration runs").isNull();
        finish(job, status -> status.setSucceeded(1));

        running.get(20, TimeUnit.SECONDS);
        assertThat(configMap()).as("app after the migration").isNotNull();
        assertThat(secret()).as("hook Secret (HookSucceeded)").isNull();
        assertThat(job()).as("migration Job (kept)").isNotNull();
    }

    @Test
    void createsTheMigrationJobAgainOnTheNextSync() throws Exception {
        CompletableFuture<Void> first = CompletableFuture.runAsync(this::sync);
        finish(awaitJob(), status -> status.setSucceeded(1));
        first.get(20, TimeUnit.SECONDS);
        String firstUid = job().getMetadata().getUid();
        // The mock API server knows no server-side apply, which applying the app a second time would use.
        client.configMaps().inNamespace(NAMESPACE).withName("app").delete();

        CompletableFuture<Void> second = CompletableFuture.runAsync(this::sync);
        await("the second sync's Job")
                .atMost(Duration.ofSeconds(10))
                .until(() -> job() != null && !job().getMetadata().getUid().equals(firstUid));
        finish(job(), status -> status.setSucceeded(1));

        second.get(20, TimeUnit.SECONDS);
        assertThat(job().getMetadata().getUid()).isNotEqualTo(firstUid);
    }

    @Test
    void stopsAtAFailedMigrationAppliesNothingAfterItAndDeletesTheHookSecret() {
        CompletableFuture<Void> running = CompletableFuture.runAsync(this::sync);
        finish(awaitJob(), status -> {
            status.setFailed(2);
            status.setConditions(List.of(new JobConditionBuilder()
                    .withType("Failed")
                    .withStatus("True")
                    .build()));
        });

        assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ArgoStyleSync.SyncFailed.class)
                .hasRootCauseMessage("Job/migration failed (2 failed pod(s))");
        assertThat(configMap()).as("app after a failed migration").isNull();
        assertThat(secret()).as("hook Secret (HookFailed)").isNull();
    }

    private Job awaitJob() {
        return await("the migration Job").atMost(Duration.ofSeconds(10)).until(this::job, j -> j != null);
    }

    /** What the Job controller would write once the Job's pod ended. */
    private void finish(Job job, Consumer<JobStatus> outcome) {
        client.batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withName(job.getMetadata().getName())
                .editStatus(j -> {
                    JobStatus status = j.getStatus() == null ? new JobStatus() : j.getStatus();
                    outcome.accept(status);
                    j.setStatus(status);
                    return j;
                });
    }

    private Job job() {
        return client.batch()
                .v1()
                .jobs()
                .inNamespace(NAMESPACE)
                .withName("migration")
                .get();
    }

    private HasMetadata configMap() {
        return client.configMaps().inNamespace(NAMESPACE).withName("app").get();
    }

    private HasMetadata secret() {
        return client.secrets().inNamespace(NAMESPACE).withName("migration").get();
    }
}
