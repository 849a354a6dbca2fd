package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.images.ReleaseHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * A matrix file becomes one scenario per upgrade pair, named after the pair, and {@code X.Y.x} the last patch of X.Y,
 * against the pinned releases (the last patch of every minor on 2026-12-02) and a chart whose default is 3.17.2.
 */
class UpgradePairsTest {

    private static final Supplier<ReleaseHistory> PINNED =
            () -> ReleaseHistory.fromPinFile(Path.of("scenarios/matrix/last-patches.txt"));

    private static final Supplier<ReleaseHistory> NEVER = () -> {
        throw new AssertionError("asked for MLflow's releases");
    };

    private final ScenarioLoader loader = new ScenarioLoader(Path.of("."));

    private final UpgradePairs pairs = new UpgradePairs(PINNED, "3.17.2");

    @Test
    void aMatrixIsOneScenarioPerPairNamedAfterItAndAPairThatWouldNotGoForwardIsLeftOut() {
        List<Scenario> expanded = pairs.expand(List.of(matrix("[\"3.9.x\", \"3.16.x\", \"3.17.x\", \"3.18.x\"]", "")));

        assertThat(expanded)
                .extracting(Scenario::name)
                .containsExactly("upgrades-3.9.0-to-3.17.2", "upgrades-3.16.1-to-3.17.2");
        Scenario pair = expanded.get(0);
        assertThat(pair.mlflow()).isEqualTo(MlflowImage.ofVersion("3.9.0"));
        assertThat(pair.pairOf()).contains("upgrades");
        assertThat(pair.matrix()).isEmpty();
        assertThat(pair.tier()).isEqualTo(Tier.RELEASE);
        assertThat(upgrade(pair).has("to-version"))
                .as("to the chart's default, as an upgrade without to-version")
                .isFalse();
    }

    @Test
    void nextMinorUpgradesEachToTheLastPatchOfTheMinorAfterIt() {
        List<Scenario> expanded = pairs.expand(List.of(matrix("[\"2.22.x\", \"3.4.x\", \"3.9.x\"]", "next-minor")));

        assertThat(expanded)
                .extracting(Scenario::name)
                .containsExactly("upgrades-2.22.5-to-3.0.1", "upgrades-3.4.0-to-3.5.1", "upgrades-3.9.0-to-3.10.1");
        assertThat(expanded)
                .extracting(scenario -> upgrade(scenario).text("to-version"))
                .containsExactly("3.0.1", "3.5.1", "3.10.1");
    }

    @Test
    void fromVersionsThatResolveAlikeGiveOnePair() {
        assertThat(pairs.expand(List.of(matrix("[\"3.16.x\", \"3.16.1\"]", "\"3.17.x\""))))
                .extracting(Scenario::name)
                .containsExactly("upgrades-3.16.1-to-3.17.2");
    }

    @Test
    void aChainsLastPatchesAreResolvedAndItsOtherVersionsKept() {
        Scenario chain = loader.parse(Path.of("chain.yaml"), """
                name: chain
                description: 2.9.2 to 2.22 to 3.0 to the chart's default
                profile: dev
                mlflow: {version: "2.9.2"}
                steps:
                  - install
                  - upgrade: {to-version: "2.22.x"}
                  - upgrade: {to-version: "3.0.x"}
                  - upgrade
                """);

        Scenario resolved = pairs.expand(List.of(chain)).get(0);

        assertThat(resolved.name()).isEqualTo("chain");
        assertThat(resolved.mlflow().version()).isEqualTo("2.9.2");
        assertThat(resolved.steps())
                .extracting(step -> step.has("to-version") ? step.text("to-version") : "default")
                .containsExactly("default", "2.22.5", "3.0.1", "default");
    }

    @Test
    void scenariosOfPlainVersionsNeverAskForTheReleases() {
        Scenario plain = ScenarioFixtures.scenario("dev-upgrade", "install", "upgrade");

        assertThat(new UpgradePairs(NEVER, "3.17.2").expand(List.of(plain))).containsExactly(plain);
    }

    @Test
    void refusesAPairNamedLikeAnotherScenario() {
        Scenario file = ScenarioFixtures.scenario("upgrades-3.16.1-to-3.17.2", "install");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> pairs.expand(List.of(file, matrix("[\"3.16.x\"]", ""))))
                .withMessage("scenario upgrades-3.16.1-to-3.17.2 comes from both upgrades-3.16.1-to-3.17.2.yaml and"
                        + " upgrades.yaml: rename one of them");
    }

    private Scenario matrix(String from, String to) {
        return loader.parse(Path.of("upgrades.yaml"), """
                name: upgrades
                description: a matrix
                tier: release
                profile: dev
                matrix:
                  from: %s
                %s
                steps:
                  - install
                  - load-data
                  - upgrade
                  - verify
                """.formatted(from, to.isEmpty() ? "" : "  to: " + to));
    }

    private static Step upgrade(Scenario scenario) {
        return scenario.steps().stream()
                .filter(step -> step.name().equals("upgrade"))
                .findFirst()
                .orElseThrow();
    }
}
