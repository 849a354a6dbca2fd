package io.mlflowchart.harness.scenario;

import static io.mlflowchart.harness.scenario.ScenarioFixtures.scenario;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Two runs on one existing cluster keep their namespaces, databases and buckets apart with a prefix each. */
class NamespacePrefixTest {

    private static final Scenario SMOKE = scenario("dev-smoke-mlflow-2.9.2");

    @Test
    void namesTheNamespaceAfterTheScenarioAsADnsLabelByDefault() {
        assertThat(NamespacePrefix.from(new Settings(Map.of(), Map.of())).namespaceOf(SMOKE))
                .isEqualTo("dev-smoke-mlflow-2-9-2");
    }

    @Test
    void putsThePrefixOfThePropertyOrTheEnvironmentFirst() {
        assertThat(NamespacePrefix.from(new Settings(Map.of("namespace.prefix", "ci-1234-"), Map.of()))
                        .namespaceOf(SMOKE))
                .isEqualTo("ci-1234-dev-smoke-mlflow-2-9-2");
        assertThat(NamespacePrefix.from(new Settings(Map.of(), Map.of("NAMESPACE_PREFIX", "7-")))
                        .namespaceOf(SMOKE))
                .isEqualTo("7-dev-smoke-mlflow-2-9-2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CI-1234-", "ci_1234-", "-ci-", "ci.1234-"})
    void refusesWhatANamespaceMayNotStartWith(String prefix) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> NamespacePrefix.from(new Settings(Map.of("namespace.prefix", prefix), Map.of())))
                .withMessage(
                        "-Dnamespace.prefix=" + prefix + " (or NAMESPACE_PREFIX): a namespace starts with it, so it"
                                + " may hold only lower-case letters, digits and '-', starting with a letter or digit,"
                                + " e.g. ci-1234-");
    }

    @Test
    void refusesAPrefixThatMakesANamespaceLongerThanKubernetesAllows() {
        String prefix = "ci-" + "9".repeat(30) + "-";

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new NamespacePrefix(prefix).namespaceOf(SMOKE))
                .withMessage("-Dnamespace.prefix=" + prefix
                        + " (or NAMESPACE_PREFIX): scenario dev-smoke-mlflow-2.9.2's"
                        + " namespace " + prefix + "dev-smoke-mlflow-2-9-2-restored would be 65 characters, over"
                        + " Kubernetes' 63: give a shorter prefix");
    }
}
