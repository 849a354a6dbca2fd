package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gate's hardening check catches a container and a pod without the settings, and passes those that have them. */
class MissingHardeningTest {

    private static final String IMAGE = "ghcr.io/mlflow/mlflow:v3.17.2-full";

    @Test
    void refusesAContainerWithoutTheHardeningSettings() {
        assertThat(MissingHardening.in(FlawedChart.named("unhardened-container"), IMAGE))
                .containsExactly(
                        "Deployment/fixture-mlflow sidecar readOnlyRootFilesystem",
                        "Deployment/fixture-mlflow sidecar allowPrivilegeEscalation",
                        "Deployment/fixture-mlflow sidecar capabilities.drop ALL",
                        "Deployment/fixture-mlflow sidecar writable /tmp",
                        "Deployment/fixture-mlflow sidecar resources (requests and a memory limit)",
                        "Deployment/fixture-mlflow sidecar image busybox:latest Always");
    }

    @Test
    void refusesAPodWithoutTheHardeningSettings() {
        assertThat(MissingHardening.in(FlawedChart.named("unhardened-pod"), IMAGE))
                .containsExactly(
                        "Job/fixture-mlflow-migration pod runAsNonRoot",
                        "Job/fixture-mlflow-migration pod seccompProfile",
                        "Job/fixture-mlflow-migration automountServiceAccountToken");
    }

    @Test
    void acceptsAServiceAccountTokenOnlyOnTheWorkloadsGiven() {
        assertThat(MissingHardening.in(
                        FlawedChart.named("unhardened-pod"), IMAGE, Set.of("Job/fixture-mlflow-migration")))
                .containsExactly(
                        "Job/fixture-mlflow-migration pod runAsNonRoot",
                        "Job/fixture-mlflow-migration pod seccompProfile");
        assertThat(MissingHardening.in(FlawedChart.named("unhardened-pod"), IMAGE, Set.of("Deployment/fixture-mlflow")))
                .contains("Job/fixture-mlflow-migration automountServiceAccountToken");
    }

    @Test
    void refusesAContainerRunningAnotherImageThanTheChartsOwn() {
        assertThat(MissingHardening.in(FlawedChart.named("unhardened-pod"), "localhost/mlflow-chart/mlflow:2.9.2-full"))
                .contains(
                        "Job/fixture-mlflow-migration migration image ghcr.io/mlflow/mlflow:v3.17.2-full IfNotPresent");
    }
}
