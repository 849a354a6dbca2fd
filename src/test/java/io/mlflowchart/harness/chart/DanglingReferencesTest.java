package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** The gate's reference check catches what a chart reads but neither renders nor declares existing. */
class DanglingReferencesTest {

    @Test
    void refusesReferencesToObjectsNobodyCreates() {
        assertThat(DanglingReferences.in(FlawedChart.named("dangling-references"), Set.of("mlflow-postgresql")))
                .containsExactly(
                        "Deployment/fixture-mlflow env from Secret fixture-mlflow-s3",
                        "Deployment/fixture-mlflow envFrom Secret fixture-mlflow-env",
                        "Deployment/fixture-mlflow envFrom ConfigMap fixture-mlflow-settings",
                        "Deployment/fixture-mlflow volume from ConfigMap fixture-mlflow-scripts",
                        "Deployment/fixture-mlflow service account fixture-mlflow",
                        "Ingress TLS Secret mlflow-tls");
    }

    @Test
    void acceptsASecretTheValuesDeclareExisting() {
        assertThat(DanglingReferences.in(
                        FlawedChart.named("dangling-references"),
                        Set.of("mlflow-postgresql", "fixture-mlflow-s3", "mlflow-tls", "fixture-mlflow-env")))
                .containsExactly(
                        "Deployment/fixture-mlflow envFrom ConfigMap fixture-mlflow-settings",
                        "Deployment/fixture-mlflow volume from ConfigMap fixture-mlflow-scripts",
                        "Deployment/fixture-mlflow service account fixture-mlflow");
    }

    @Test
    void acceptsConfigMapsTheValuesDeclareExisting() {
        assertThat(DanglingReferences.in(
                        FlawedChart.named("dangling-references"),
                        Set.of("mlflow-postgresql", "fixture-mlflow-s3", "mlflow-tls", "fixture-mlflow-env"),
                        Set.of("fixture-mlflow-settings", "fixture-mlflow-scripts")))
                .containsExactly("Deployment/fixture-mlflow service account fixture-mlflow");
    }
}
