package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.helm.RenderedChart;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate's credential scan catches a credential wherever it shows outside a Secret. */
class CredentialLeaksTest {

    private static final List<String> CREDENTIALS = List.of("db-pw-fixture-5e1d");

    @Test
    void refusesASecretValueInlinedIntoAnEnvVar() {
        assertThat(CredentialLeaks.in(FlawedChart.named("secret-value-in-env"), CREDENTIALS))
                .containsExactly(
                        "Deployment/fixture-mlflow /spec/template/spec/containers/0/env/1/value: db-pw-fixture-5e1d");
    }

    @Test
    void refusesAUriWithAPasswordWhateverThePassword() {
        assertThat(CredentialLeaks.in(FlawedChart.named("password-in-uri"), CREDENTIALS))
                .containsExactly(
                        "Deployment/fixture-mlflow /spec/template/spec/containers/0/args/1:"
                                + " --backend-store-uri=postgresql+psycopg2://mlflow:hunter2@postgres.databases.svc:5432/mlflow");
    }

    @Test
    void refusesACredentialInTheNotesAnInstallPrints() {
        String notes = "MLflow is at http://fixture-mlflow:5000\nDatabase password: db-pw-fixture-5e1d\n";

        assertThat(CredentialLeaks.in(new RenderedChart(List.of(), notes), CREDENTIALS))
                .containsExactly("NOTES.txt: Database password: db-pw-fixture-5e1d");
    }
}
