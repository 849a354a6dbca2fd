package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.images.ReleaseHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioSelectionTest {

    private static final List<Scenario> AVAILABLE = Stream.of(
                    "dev-smoke", "dev-smoke-mlflow-2.9.2", "prod-smoke", "prod-upgrade")
            .map(ScenarioFixtures::scenario)
            .toList();

    @Test
    void selectsEverythingWhenNothingIsGiven() {
        assertThat(names(ScenarioSelection.parse(null)))
                .isEqualTo(names(ScenarioSelection.parse(" ")))
                .containsExactly("dev-smoke", "dev-smoke-mlflow-2.9.2", "prod-smoke", "prod-upgrade");
    }

    @Test
    void selectsNamesAndGlobsInTheOrderGivenWithoutRepeats() {
        assertThat(names(ScenarioSelection.parse("prod-*, dev-smoke,prod-smoke,dev-smoke-mlflow-?.?.?")))
                .containsExactly("prod-smoke", "prod-upgrade", "dev-smoke", "dev-smoke-mlflow-2.9.2");
    }

    @Test
    void treatsDotsInNamesLiterally() {
        assertThat(names(ScenarioSelection.parse("dev-smoke-mlflow-2.9.2"))).containsExactly("dev-smoke-mlflow-2.9.2");
        assertThatIllegalArgumentException().isThrownBy(() -> names(ScenarioSelection.parse("dev-smoke-mlflow-2x9x2")));
    }

    @Test
    void namesTheAvailableScenariosWhenAPatternMatchesNothing() {
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        ScenarioSelection.parse("dev-smoke,staging-*,prod-smok").select(AVAILABLE))
                .withMessage("-Dscenario=dev-smoke,staging-*,prod-smok: staging-*, prod-smok matches no scenario"
                        + " (available: dev-smoke, dev-smoke-mlflow-2.9.2, prod-smoke, prod-upgrade); -Dtier=release adds"
                        + " the release tier's scenarios");
    }

    @Test
    void splitsWhatThePatternsSelectAmongTheShards() {
        ScenarioSelection first =
                ScenarioSelection.from(new Settings(Map.of("scenario", "dev-*", "shard", "1/2"), Map.of()));
        ScenarioSelection second =
                ScenarioSelection.from(new Settings(Map.of("scenario", "dev-*"), Map.of("SHARD", "2/2")));

        assertThat(first.shard()).isEqualTo(new Shard(1, 2));
        assertThat(Stream.concat(names(first).stream(), names(second).stream()))
                .containsExactlyInAnyOrder("dev-smoke", "dev-smoke-mlflow-2.9.2");
        assertThat(names(first)).hasSize(1);
    }

    @Test
    void aMatrixsNameSelectsAllItsPairsAndAPairsNameThatPair() {
        List<Scenario> pairs = new UpgradePairs(
                        () -> ReleaseHistory.fromPinFile(Path.of("scenarios/matrix/last-patches.txt")), "3.17.2")
                .expand(List.of(new ScenarioLoader(Path.of(".")).load(Path.of("scenarios/release-hop-dev.yaml"))));
        List<Scenario> available =
                Stream.concat(AVAILABLE.stream(), pairs.stream()).toList();

        assertThat(ScenarioSelection.parse("release-hop-dev").select(available))
                .extracting(Scenario::name)
                .containsExactly(
                        "release-hop-dev-2.22.5-to-3.0.1",
                        "release-hop-dev-3.4.0-to-3.5.1",
                        "release-hop-dev-3.9.0-to-3.10.1");
        assertThat(ScenarioSelection.parse("release-hop-dev-3.9.0-to-3.10.1,dev-smoke")
                        .select(available))
                .extracting(Scenario::name)
                .containsExactly("release-hop-dev-3.9.0-to-3.10.1", "dev-smoke");
        assertThat(ScenarioSelection.parse("release-hop-*-3.4.*").select(available))
                .extracting(Scenario::name)
                .containsExactly("release-hop-dev-3.4.0-to-3.5.1");
    }

    private static List<String> names(ScenarioSelection selection) {
        return selection.select(AVAILABLE).stream().map(Scenario::name).toList();
    }
}
