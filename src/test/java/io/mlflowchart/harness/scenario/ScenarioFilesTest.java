package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.Template;
import io.mlflowchart.harness.images.ReleaseHistory;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every scenario in the repository loads and validates: a typo fails here, not an hour into a run. */
class ScenarioFilesTest {

    private static final Path SCENARIOS = Path.of("scenarios");

    private static final Path PROD_BACKENDS = Path.of("src/test/resources/scenarios/prod-backends-stand-in.yaml");

    @Test
    void everyScenarioFileLoadsAndValidates() {
        List<Scenario> scenarios = new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS);

        assertThat(scenarios)
                .extracting(Scenario::name)
                .contains("dev-smoke", "prod-smoke", "dev-smoke-mlflow-2.9.2", "prod-smoke-mlflow-2.9.2");
    }

    /**
     * The ci tier is what ./mvnw verify runs, and so what CI's time budget pays for: adding a scenario to it is a
     * decision taken here, not a side effect of a file without {@code tier}.
     */
    @Test
    void theCiTierIsExactlyTheseScenarios() {
        assertThat(Tier.CI.select(new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS)))
                .extracting(Scenario::name)
                .containsExactly(
                        "dev-backup-restore",
                        "dev-gitops-upgrade",
                        "dev-smoke-mlflow-2.9.2",
                        "dev-smoke",
                        "dev-upgrade",
                        "prod-auth-upgrade-backup-restore",
                        "prod-backend-faults",
                        "prod-backup-restore",
                        "prod-failed-migration",
                        "prod-keyless-s3-envfrom",
                        "prod-metrics-gc",
                        "prod-node-drain",
                        "prod-rollback-without-restore",
                        "prod-smoke-mlflow-2.9.2",
                        "prod-smoke",
                        "prod-upgrade-blue-green",
                        "prod-upgrade-in-place",
                        "prod-upgrade-standard-then-rollback");
    }

    /**
     * The release tier adds its matrices, on both profiles, and they expand, against the pinned releases and the
     * chart's appVersion, into pairs of unique names that all go forward: from each schema-changing minor before the
     * chart's default to it, and the tracker's hops to the next minor; and its chains written out, one per profile.
     */
    @Test
    void theReleaseTierAddsUpgradePairsOfUniqueNamesOnBothProfiles() throws IOException {
        List<Scenario> files = new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS);
        String chartDefault = Mappers.YAML
                .readTree(Path.of("charts/mlflow/Chart.yaml").toFile())
                .path("appVersion")
                .asText();
        List<Scenario> release = new UpgradePairs(
                        () -> ReleaseHistory.fromPinFile(SCENARIOS.resolve(MlflowReleases.PINNED_FILE)), chartDefault)
                .expand(Tier.RELEASE.select(files));

        List<Scenario> added = release.stream()
                .filter(scenario -> scenario.tier() == Tier.RELEASE)
                .toList();
        assertThat(release).hasSize(Tier.CI.select(files).size() + added.size());
        assertThat(added).extracting(Scenario::name).doesNotHaveDuplicates();
        // Besides the pairs, the release tier runs scenarios written out, as chains: those have no matrix to expand.
        assertThat(added)
                .allSatisfy(scenario -> assertThat(scenario.pairOf().isPresent()
                                || scenario.matrix().isEmpty())
                        .as(scenario.name() + " is a pair or a scenario without matrix")
                        .isTrue());
        assertThat(added.stream().filter(pair -> pair.profile() == Profile.DEV).count())
                .isEqualTo(added.stream()
                        .filter(pair -> pair.profile() == Profile.PROD)
                        .count());
        assertThat(added)
                .extracting(Scenario::name)
                .contains(
                        "release-upgrade-dev-2.3.2-to-" + chartDefault,
                        "release-upgrade-prod-3.16.1-to-" + chartDefault,
                        "release-hop-dev-3.9.0-to-3.10.1",
                        "release-hop-prod-2.22.5-to-3.0.1",
                        "release-revision-gap-dev",
                        "release-revision-gap-prod");
        assertThat(added.stream().filter(scenario -> scenario.pairOf().isPresent()))
                .extracting(Scenario::name)
                .allSatisfy(name -> assertThat(name).matches("release-(upgrade|hop)-(dev|prod)-[0-9.]+-to-[0-9.]+"));
    }

    /**
     * The values files a scenario installs with, in the order ScenariosIT gives them, render: a values file the chart's
     * schema refuses fails here, naming the file, instead of failing every scenario's install. The prod backends'
     * values, which the harness writes at run time, are stand-ins in the same place of the order.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void everyScenariosValuesRenderWithItsProfile(Scenario scenario) {
        Path chart = Path.of("charts/mlflow");
        Template template = Helm.locate()
                .template(chart)
                .named(ScenarioSuite.DEFAULT_RELEASE)
                .inNamespace(scenario.name())
                .withValues(chart.resolve("values-" + scenario.profile().name().toLowerCase(Locale.ROOT) + ".yaml"));
        if (scenario.profile() == Profile.PROD) {
            template = template.withValues(PROD_BACKENDS);
        }
        template = template.withValues(ScenariosIT.EVERY_SCENARIO_VALUES);
        for (Path values : scenario.values()) {
            template = template.withValues(values);
        }

        assertThat(template.render().objects()).as(scenario.name()).isNotEmpty();
    }

    static List<Scenario> scenarios() {
        return new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS);
    }

    @Test
    void readmeStepTableIsTheCatalogues() throws IOException {
        String readme = Files.readString(SCENARIOS.resolve("README.md"));
        String table =
                readme.substring(readme.indexOf("| Step |"), readme.indexOf("\n\n", readme.indexOf("| Step |")) + 1);

        assertThat(table)
                .as("the step table in scenarios/README.md; paste the expected one")
                .isEqualTo(StepCatalogue.markdownTable());
    }

    @Test
    void smokeScenariosCheckDataHelmTestsEveryWayInAndProdAlsoTheBucket() {
        List<Scenario> smoke =
                ScenarioSelection.parse("*-smoke*").select(new ScenarioLoader(Path.of(".")).loadAll(SCENARIOS));

        assertThat(smoke)
                .allSatisfy(scenario -> assertThat(scenario.steps())
                        .extracting(Step::name)
                        .as(scenario.name())
                        .startsWith("install", "load-data", "verify", "helm-test")
                        .containsSubsequence(
                                scenario.profile() == Profile.PROD
                                        ? List.of("helm-test", "reach-server", "verify-artifacts-in-bucket")
                                        : List.of("helm-test", "reach-server")));
    }
}
