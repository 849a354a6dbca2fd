package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.Settings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TierTest {

    private final Scenario ci = ScenarioFixtures.scenario("dev-smoke", "install");

    private final Scenario release = inTier(ScenarioFixtures.scenario("release-upgrade-dev", "install"), Tier.RELEASE);

    @Test
    void ciIsTheDefaultAndRunsOnlyTheCiTier() {
        Tier tier = Tier.from(new Settings(Map.of(), Map.of()));

        assertThat(tier).isEqualTo(Tier.CI);
        assertThat(tier.select(List.of(release, ci))).containsExactly(ci);
    }

    @Test
    void releaseAddsTheReleaseTierToTheCiTier() {
        Tier tier = Tier.from(new Settings(Map.of("tier", "release"), Map.of()));

        assertThat(tier.select(List.of(release, ci))).containsExactly(release, ci);
        assertThat(Tier.from(new Settings(Map.of(), Map.of("TIER", "release")))).isEqualTo(Tier.RELEASE);
    }

    @Test
    void refusesATierThatIsNotOneNamingTheTiers() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Tier.from(new Settings(Map.of("tier", "nightly"), Map.of())))
                .withMessage("-Dtier=nightly (or TIER): not a tier (allowed: ci, release; ci is the default, release"
                        + " adds the upgrade matrices)");
    }

    static Scenario inTier(Scenario scenario, Tier tier) {
        return new Scenario(
                scenario.name(),
                scenario.description(),
                scenario.profile(),
                scenario.backends(),
                scenario.chart(),
                scenario.mlflow(),
                scenario.dataset(),
                scenario.values(),
                scenario.steps(),
                scenario.traffic(),
                scenario.file(),
                tier,
                Optional.empty(),
                Optional.empty(),
                scenario.cluster());
    }
}
