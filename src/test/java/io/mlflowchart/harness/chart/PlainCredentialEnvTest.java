package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The gate's check that credential env vars come from Secrets catches one given inline and one from a ConfigMap. */
class PlainCredentialEnvTest {

    @Test
    void refusesACredentialEnvVarGivenInlineOrFromAConfigMap() {
        assertThat(PlainCredentialEnv.in(FlawedChart.named("secret-value-in-env")))
                .containsExactly(
                        "Deployment/fixture-mlflow container mlflow env PGPASSWORD",
                        "Deployment/fixture-mlflow container mlflow env AWS_SECRET_ACCESS_KEY");
    }
}
