package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The gate's selector check catches a selector that misses the server's pods and one that also takes the Job's. */
class SelectorMismatchesTest {

    private static final Map<String, String> SERVER_POD =
            Map.of("app.kubernetes.io/name", "mlflow", "app.kubernetes.io/component", "server");

    @Test
    void refusesAServiceSelectorThatMatchesNoPodTemplate() {
        assertThat(SelectorMismatches.in(FlawedChart.named("service-selects-no-pod")))
                .containsExactly(
                        "Service selector {app.kubernetes.io/name=mlflow, app.kubernetes.io/instance=other} misses the server pods"
                                + " {app.kubernetes.io/name=mlflow, app.kubernetes.io/instance=fixture, app.kubernetes.io/component=server}");
    }

    @Test
    void refusesADisruptionBudgetThatAlsoSelectsTheMigrationJob() {
        assertThat(SelectorMismatches.in(FlawedChart.named("budget-selects-the-migration-job")))
                .containsExactly(
                        "PodDisruptionBudget selector {app.kubernetes.io/name=mlflow, app.kubernetes.io/instance=fixture} also selects"
                                + " non-server pod {app.kubernetes.io/name=mlflow, app.kubernetes.io/instance=fixture,"
                                + " app.kubernetes.io/component=migration}");
    }

    @Test
    void selectsPodsThatCarryEveryLabelOfTheSelector() {
        assertThat(SelectorMismatches.selects(matching(Map.of("app.kubernetes.io/name", "mlflow")), SERVER_POD))
                .isTrue();
        assertThat(SelectorMismatches.selects(matching(Map.of("app.kubernetes.io/component", "migration")), SERVER_POD))
                .isFalse();
    }

    @Test
    void selectsNothingWithoutLabelsOrWithExpressionsItCannotJudge() {
        assertThat(SelectorMismatches.selects(matching(Map.of()), SERVER_POD))
                .as("no labels")
                .isFalse();
        LabelSelector withExpression = new LabelSelectorBuilder()
                .withMatchLabels(Map.of("app.kubernetes.io/name", "mlflow"))
                .addNewMatchExpression()
                .withKey("tier")
                .withOperator("Exists")
                .endMatchExpression()
                .build();
        assertThat(SelectorMismatches.selects(withExpression, SERVER_POD))
                .as("with matchExpressions")
                .isFalse();
    }

    private static LabelSelector matching(Map<String, String> labels) {
        return new LabelSelectorBuilder().withMatchLabels(labels).build();
    }
}
