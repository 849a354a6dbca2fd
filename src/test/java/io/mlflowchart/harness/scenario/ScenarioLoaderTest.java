package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScenarioLoaderTest {

    private static final Path FILE = Path.of("upgrade-test.yaml");
    private static final String HEAD = """
            name: upgrade-test
            description: a scenario
            profile: dev
            """;

    private final ScenarioLoader loader = new ScenarioLoader(Path.of("."));

    @Test
    void readsEveryFieldAndFillsParameterDefaults() {
        Scenario scenario = loader.parse(FILE, HEAD + """
                chart: git:v1.2.0
                mlflow:
                  version: "2.9.2"
                dataset:
                  size: medium
                  experiments: 1
                steps:
                  - install
                  - load-data
                  - upgrade:
                      to-version: "3.18.0"
                  - rollback: {restore-db: true}
                  - write: {dataset: small, prefix: after-}
                """);

        assertThat(scenario.name()).isEqualTo("upgrade-test");
        assertThat(scenario.profile()).isEqualTo(Profile.DEV);
        assertThat(scenario.chart()).isEqualTo(new ChartSource.GitRef("v1.2.0"));
        assertThat(scenario.mlflow()).isEqualTo(new MlflowImage("2.9.2", null));
        DatasetSpec medium = DatasetSpec.named("medium");
        assertThat(scenario.dataset())
                .isEqualTo(new DatasetSpec(
                        1,
                        medium.runsPerExperiment(),
                        medium.paramsPerRun(),
                        medium.metricsPerRun(),
                        medium.stepsPerMetric(),
                        medium.tagsPerRun(),
                        medium.artifactsPerRun(),
                        medium.largeArtifactBytes(),
                        medium.registeredModels(),
                        medium.versionsPerModel(),
                        medium.seed()));
        assertThat(scenario.steps())
                .extracting(Step::name)
                .containsExactly("install", "load-data", "upgrade", "rollback", "write");
        Step upgrade = scenario.steps().get(2);
        assertThat(upgrade.text("to-version")).isEqualTo("3.18.0");
        assertThat(upgrade.text("method")).isEqualTo("standard");
        assertThat(upgrade.text("expect")).isEqualTo("success");
        assertThat(upgrade.has("to-chart")).isFalse();
        assertThat(upgrade.line()).isEqualTo(13);
        assertThat(scenario.steps().get(3).flag("restore-db")).isTrue();
        assertThat(scenario.steps().get(4).dataset("dataset")).isEqualTo(DatasetSpec.named("small"));
    }

    @Test
    void defaultsToTheWorkingTreeChartTheChartsMlflowAndTheSmallDataset() {
        Scenario scenario = loader.parse(FILE, HEAD + "steps: [install]\n");

        assertThat(scenario.chart()).isEqualTo(new ChartSource.WorkingTree());
        assertThat(scenario.mlflow().isChartDefault()).isTrue();
        assertThat(scenario.dataset()).isEqualTo(DatasetSpec.named("small"));
    }

    @Test
    void reportsUnknownTopLevelField() {
        assertThat(problems(HEAD + "stesp: [install]\nsteps: [install]\n"))
                .containsExactly(
                        "upgrade-test.yaml:4: stesp: unknown field (allowed: name, description, tier, profile, backends,"
                                + " cluster, chart, mlflow, matrix, dataset, values, traffic, steps)");
    }

    @Test
    void readsTheStepsATrafficClientRunsUnderAndThoseThatMayNotFailARead() {
        Scenario scenario = loader.parse(FILE, HEAD + """
                traffic:
                  during: [restart, upgrade]
                  no-failed-read: [restart]
                steps: [install, restart, upgrade]
                """);

        assertThat(scenario.traffic())
                .isEqualTo(new TrafficPlan(java.util.Set.of("restart", "upgrade"), java.util.Set.of("restart")));
        assertThat(scenario.steps())
                .allSatisfy(step -> assertThat(scenario.traffic().measures(step))
                        .isEqualTo(!step.name().equals("install")));
        assertThat(scenario.traffic().promisesNoFailedRead(scenario.steps().get(1)))
                .isTrue();
        assertThat(scenario.traffic().promisesNoFailedRead(scenario.steps().get(2)))
                .isFalse();
        assertThat(loader.parse(FILE, HEAD + "steps: [install]\n").traffic()).isEqualTo(TrafficPlan.NONE);
    }

    @Test
    void refusesTrafficUnderStepsTheScenarioLacksOrNoServerAnswersAtTheStartOf() {
        List<String> problems = problems(HEAD + """
                traffic:
                  during: [restart, install, reboot, restore]
                  no-failed-read: [upgrade]
                  rate: 10
                steps: [install, upgrade]
                """);

        assertThat(problems)
                .hasSize(6)
                .contains("upgrade-test.yaml:7: traffic.rate: unknown field (allowed: during, no-failed-read)")
                .contains("upgrade-test.yaml:5: traffic.during[0]: the scenario has no restart step: add one, or"
                        + " remove it from here (steps here: install, upgrade)")
                .contains("upgrade-test.yaml:6: traffic.no-failed-read[0]: 'upgrade' is not measured: add it to"
                        + " traffic.during too (measured: restart, install, reboot, restore)");
        assertThat(problems)
                .filteredOn(problem -> problem.contains("traffic.during[1]"))
                .singleElement()
                .asString()
                .contains("'install' is not a step a client can run under: no server answers when it starts (allowed: ")
                .doesNotContain("allowed: install");
        assertThat(problems)
                .filteredOn(problem -> problem.contains("traffic.during[2]"))
                .singleElement()
                .asString()
                .contains("'reboot' is not a step a client can run under (allowed: ")
                .contains("restart");
        assertThat(problems)
                .filteredOn(problem -> problem.contains("traffic.during[3]"))
                .singleElement()
                .asString()
                .contains("'restore' is not a step a client can run under: it takes the data back to a backup on"
                        + " purpose, losing the writes acknowledged meanwhile");
        assertThat(problems(HEAD + "traffic: [restart]\nsteps: [install, restart]\n"))
                .containsExactly("upgrade-test.yaml:4: traffic: expected a map (allowed: during, no-failed-read)");
        assertThat(problems(HEAD + "traffic: {no-failed-read: [restart]}\nsteps: [install, restart]\n"))
                .containsExactly("upgrade-test.yaml:4: traffic.during: missing");
    }

    @Test
    void readsTheScenariosOwnValuesFilesAndRefusesMissingOnes() {
        Scenario scenario = loader.parse(FILE, HEAD + "values: [charts/mlflow/values-dev.yaml]\nsteps: [install]\n");

        assertThat(scenario.values()).containsExactly(Path.of("./charts/mlflow/values-dev.yaml"));
        assertThat(problems(HEAD + "values: [charts/mlflow/values-nope.yaml]\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: values[0]: no values file at ./charts/mlflow/values-nope.yaml");
    }

    @Test
    void reportsMissingRequiredFields() {
        assertThat(problems("name: upgrade-test\n"))
                .containsExactly(
                        "upgrade-test.yaml:1: description: missing",
                        "upgrade-test.yaml:1: profile: missing",
                        "upgrade-test.yaml:1: steps: missing");
    }

    @Test
    void reportsUnknownStepWithTheCatalogue() {
        assertThat(problems(HEAD + "steps:\n  - install\n  - upgarde\n"))
                .containsExactly("upgrade-test.yaml:6: steps[1]: unknown step 'upgarde' (allowed: "
                        + String.join(", ", StepCatalogue.names()) + ")");
    }

    @Test
    void reportsValueOutsideTheAllowedSet() {
        assertThat(problems(HEAD + "steps:\n  - upgrade:\n      method: sideways\n"))
                .containsExactly(
                        "upgrade-test.yaml:6: steps[0].upgrade.method: 'sideways' is not allowed (allowed: standard,"
                                + " in-place, blue-green, gitops)");
    }

    @Test
    void reportsWrongTypes() {
        assertThat(problems(HEAD + """
                mlflow:
                  version: 3.1
                steps:
                  - rollback: {restore-db: "yes"}
                  - restore: [fresh-release]
                """))
                .containsExactly(
                        "upgrade-test.yaml:5: mlflow.version: '3.1' is not an MLflow version such as 2.9.2, or 2.22.x"
                                + " for the last patch of 2.22 (quote it: YAML read a number)",
                        "upgrade-test.yaml:7: steps[0].rollback.restore-db: 'yes' is not true or false",
                        "upgrade-test.yaml:8: steps[1].restore: expected a map of parameters (allowed: into, parts)");
    }

    @Test
    void reportsUnknownAndMissingStepParameters() {
        assertThat(problems(HEAD + "steps:\n  - restore: {to: fresh-release}\n"))
                .containsExactly(
                        "upgrade-test.yaml:5: steps[0].restore.to: unknown field (allowed: into, parts)",
                        "upgrade-test.yaml:5: steps[0].restore.into: missing (allowed: fresh-release, same-release)");
    }

    @Test
    void reportsStepNotMeantForTheProfile() {
        assertThat(problems(HEAD + "steps: [install, verify-artifacts-in-bucket]\n"))
                .containsExactly(
                        "upgrade-test.yaml:4: steps[1].verify-artifacts-in-bucket: not for profile dev (allowed: prod)");
    }

    @Test
    void readsDedicatedBackendsOnTheProdProfileAndDefaultsToShared() {
        String prod = HEAD.replace("profile: dev", "profile: prod");
        assertThat(loader.parse(FILE, prod + "backends: dedicated\nsteps: [install, restart-postgres, s3-outage]\n")
                        .backends())
                .isEqualTo(Backends.DEDICATED);
        assertThat(loader.parse(FILE, prod + "steps: [install]\n").backends()).isEqualTo(Backends.SHARED);
    }

    @Test
    void refusesUnknownBackendsAndDedicatedOnesOnTheDevProfile() {
        assertThat(problems(HEAD + "backends: own\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: backends: 'own' is not allowed (allowed: shared, dedicated)");
        assertThat(problems(HEAD + "backends: dedicated\nsteps: [install]\n"))
                .containsExactly(
                        "upgrade-test.yaml:4: backends: 'dedicated' is for profile prod, whose PostgreSQL and S3"
                                + " store they are (profile dev runs on SQLite and a volume)");
    }

    @Test
    void refusesBackendFaultsOnSharedBackendsOrBeforeTheInstall() {
        String prod = HEAD.replace("profile: dev", "profile: prod");
        String shared =
                "needs backends: dedicated (a PostgreSQL and an S3 store of the scenario's own): the shared ones"
                        + " serve the other scenarios running at the same time";
        assertThat(problems(prod + "steps: [install, restart-postgres, s3-outage]\n"))
                .containsExactly(
                        "upgrade-test.yaml:4: steps[1].restart-postgres: " + shared,
                        "upgrade-test.yaml:4: steps[2].s3-outage: " + shared);
        assertThat(problems(prod + "backends: dedicated\nsteps: [restart-postgres, install]\n"))
                .first()
                .isEqualTo("upgrade-test.yaml:5: steps[0].restart-postgres: needs an install step before it");
        assertThat(problems(HEAD + "steps: [install, s3-outage]\n"))
                .containsExactly("upgrade-test.yaml:4: steps[1].s3-outage: not for profile dev (allowed: prod)");
    }

    @Test
    void readsAClusterOfTheScenariosOwnAndDefaultsToTheSharedOne() {
        String prod = HEAD.replace("profile: dev", "profile: prod");
        assertThat(loader.parse(FILE, prod + "cluster: {nodes: 2}\nsteps: [install, drain-node]\n")
                        .cluster())
                .contains(new OwnCluster(2, 4));
        assertThat(loader.parse(FILE, prod + "steps: [install]\n").cluster()).isEmpty();
    }

    @Test
    void refusesAClusterOfOneNodeTooManyNodesOrUnknownFields() {
        String range = " is not a whole number from 2 to 3 (a k3s server and nodes - 1 agents; one node is the run's"
                + " shared cluster: leave cluster out)";
        assertThat(problems(HEAD + "cluster: {nodes: 1}\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: cluster.nodes: '1'" + range);
        assertThat(problems(HEAD + "cluster: {nodes: \"2\"}\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: cluster.nodes: '2'" + range);
        assertThat(problems(HEAD + "cluster:\n  nodes: 4\n  agents: 1\nsteps: [install]\n"))
                .containsExactly(
                        "upgrade-test.yaml:6: cluster.agents: unknown field (allowed: nodes)",
                        "upgrade-test.yaml:5: cluster.nodes: '4'" + range);
        assertThat(problems(HEAD + "cluster: 2\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: cluster: expected a map (allowed: nodes)");
        assertThat(problems(HEAD + "cluster: {}\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: cluster.nodes: missing");
    }

    @Test
    void refusesADrainOnTheSharedClusterOnTheDevProfileOrBeforeTheInstall() {
        String prod = HEAD.replace("profile: dev", "profile: prod");
        assertThat(problems(prod + "steps: [install, drain-node]\n"))
                .containsExactly("upgrade-test.yaml:4: steps[1].drain-node: needs a cluster of its own with a node to"
                        + " spare, cluster: {nodes: 2}: the shared cluster has one node, and draining it would evict"
                        + " the other scenarios' pods");
        assertThat(problems(HEAD + "cluster: {nodes: 2}\nsteps: [install, drain-node]\n"))
                .containsExactly("upgrade-test.yaml:5: steps[1].drain-node: not for profile dev (allowed: prod)");
        assertThat(problems(prod + "cluster: {nodes: 2}\nsteps: [drain-node, install]\n"))
                .first()
                .isEqualTo("upgrade-test.yaml:5: steps[0].drain-node: needs an install step before it");
    }

    @Test
    void refusesStepsBeforeTheInstallAndASecondInstall() {
        assertThat(problems(HEAD + "steps: [load-data, install, verify, install]\n"))
                .containsExactly(
                        "upgrade-test.yaml:4: steps[0].load-data: needs an install step before it",
                        "upgrade-test.yaml:4: steps[1].install: must be the scenario's first step (it is the only one that installs"
                                + " the release)",
                        "upgrade-test.yaml:4: steps[3].install: must be the scenario's first step (it is the only one that installs"
                                + " the release)");
    }

    @Test
    void refusesARestoreWithoutABackupSetAndARollbackWithoutAnUpgrade() {
        assertThat(problems(HEAD + "steps:\n  - install\n  - restore: {into: same-release}\n  - rollback\n"))
                .containsExactly(
                        "upgrade-test.yaml:6: steps[1].restore: needs a backup set: a backup or upgrade step before it",
                        "upgrade-test.yaml:7: steps[2].rollback: needs an upgrade step before it: there is no earlier"
                                + " revision to go back to");
    }

    @Test
    void refusesDamagingABackupBeforeOneIsTakenOrAnUnknownDamage() {
        assertThat(problems(HEAD + """
                steps:
                  - install
                  - damage-backup: {kind: tampered}
                  - backup
                  - damage-backup: {kind: lost}
                  - damage-backup: {kind: other-release}
                """))
                .containsExactly(
                        "upgrade-test.yaml:6: steps[1].damage-backup: needs a backup set to damage: a backup step"
                                + " before it",
                        "upgrade-test.yaml:8: steps[3].damage-backup.kind: 'lost' is not allowed (allowed: truncated,"
                                + " wrong-file, tampered, other-release, other-gateway-passphrase)");
    }

    @Test
    void refusesGarbageCollectionWithNothingDeletedBeforeIt() {
        assertThat(problems(HEAD + "steps: [install, load-data, garbage-collect]\n"))
                .containsExactly(
                        "upgrade-test.yaml:4: steps[2].garbage-collect: needs a delete-runs step before it: with"
                                + " nothing deleted, gc has nothing to show");
    }

    @Test
    void refusesStepsOnADestroyedReleaseUntilARestoreIntoAFreshOne() {
        assertThat(problems(HEAD + """
                steps:
                  - install
                  - backup
                  - destroy
                  - verify
                  - restore: {into: same-release}
                  - restore: {into: fresh-release}
                  - verify
                """))
                .containsExactly(
                        "upgrade-test.yaml:8: steps[3].verify: the destroy step at line 7 removed the release; restore into:"
                                + " fresh-release first",
                        "upgrade-test.yaml:9: steps[4].restore.into: same-release: the destroy step at line 7 removed the release;"
                                + " restore into: fresh-release first");
    }

    @Test
    void refusesValuesThatOnlyAnotherProfileOrStepAllows() {
        assertThat(problems(HEAD + """
                steps:
                  - install
                  - upgrade:
                      method: blue-green
                  - rollback: {restore-db: true, expect: failure}
                  - upgrade: {failure-log: "Can't locate revision"}
                  - upgrade: {expect: failure, failure-log: "Can't locate revision"}
                """))
                .containsExactly(
                        "upgrade-test.yaml:7: steps[1].upgrade.method: blue-green needs the prod profile: a second dev release would"
                                + " get its own, empty SQLite volume (allowed here: standard, in-place)",
                        "upgrade-test.yaml:8: steps[2].rollback.expect: failure is for a rollback without restore-db; the"
                                + " documented rollback (restore-db: true) must succeed (allowed here: success)",
                        "upgrade-test.yaml:9: steps[3].upgrade.failure-log: goes with expect: failure: it names the failure"
                                + " the migration Job must show (add expect: failure, or leave failure-log out)");
    }

    @Test
    void refusesHelmStepsAfterAGitOpsInstallAndAGitOpsUpgradeAfterAHelmOne() {
        assertThat(problems(HEAD + """
                steps:
                  - install: {method: gitops}
                  - helm-test
                  - upgrade: {method: in-place}
                  - upgrade: {method: gitops}
                """))
                .containsExactly(
                        "upgrade-test.yaml:6: steps[1].helm-test: needs a Helm release, and the install at line 5 used"
                                + " method: gitops (no Helm release; upgrade with method: gitops)",
                        "upgrade-test.yaml:7: steps[2].upgrade.method: needs a Helm release, and the install at line 5"
                                + " used method: gitops (no Helm release; upgrade with method: gitops)");
        assertThat(problems(HEAD + "steps:\n  - install\n  - upgrade: {method: gitops}\n"))
                .containsExactly("upgrade-test.yaml:6: steps[1].upgrade.method: gitops syncs a release installed with"
                        + " method: gitops; the install before it used helm");
    }

    @Test
    void reportsNameThatDiffersFromTheFileName() {
        assertThat(problems("name: other\ndescription: d\nprofile: dev\nsteps: [install]\n"))
                .containsExactly(
                        "upgrade-test.yaml:1: name: 'other' differs from the file name (allowed: upgrade-test)");
    }

    @Test
    void reportsDatasetProblems() {
        assertThat(problems(HEAD + """
                dataset:
                  size: huge
                  experiments: -1
                  runs: 3
                steps: [install]
                """))
                .containsExactly(
                        "upgrade-test.yaml:7: dataset.runs: unknown field (allowed: size, experiments, runsPerExperiment,"
                                + " paramsPerRun, metricsPerRun, stepsPerMetric, tagsPerRun, artifactsPerRun,"
                                + " largeArtifactBytes, registeredModels, versionsPerModel, seed)",
                        "upgrade-test.yaml:5: dataset.size: 'huge' is not allowed (allowed: medium, small)",
                        "upgrade-test.yaml:6: dataset.experiments: '-1' is not a whole number >= 0");
    }

    @Test
    void reportsKeyGivenTwice() {
        assertThat(problems(HEAD + "profile: prod\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: profile: given more than once");
    }

    @Test
    void reportsMissingPackagedChart() {
        assertThat(problems(HEAD + "chart: build/mlflow-0.0.0.tgz\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: chart: no packaged chart at ./build/mlflow-0.0.0.tgz");
    }

    @Test
    void reportsYamlSyntaxErrorsWithTheirLine() {
        assertThat(problems(HEAD + "steps: [install\n"))
                .singleElement()
                .asString()
                .startsWith("upgrade-test.yaml:4: (yaml): while parsing a flow sequence")
                .contains("expected ',' or ']', but got <stream end>")
                .doesNotContain("\n");
    }

    @Test
    void reportsEveryProblemOfEveryFileAtOnce() throws URISyntaxException {
        Path directory = Path.of(getClass().getResource("/scenarios/broken").toURI());

        ScenarioException thrown = catchThrowableOfType(ScenarioException.class, () -> loader.loadAll(directory));

        assertThat(thrown.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        directory.resolve("many-problems.yaml")
                                + ":3: profile: 'staging' is not allowed (allowed: dev, prod)",
                        directory.resolve("many-problems.yaml") + ":4: chart: 'charts/mlflow' is not a chart (allowed:"
                                + " working-tree, git:<ref>, <path>.tgz)",
                        directory.resolve("many-problems.yaml")
                                + ":7: steps[1].backup.now: unknown field (allowed: none)",
                        directory.resolve("many-problems.yaml") + ":9: steps[2].upgrade.to-version: 'latest' is not an"
                                + " MLflow version such as 2.9.2, or 2.22.x for the last patch of 2.22",
                        directory.resolve("many-problems.yaml") + ":10: steps[2].upgrade.method: 'blue_green' is not"
                                + " allowed (allowed: standard, in-place, blue-green, gitops)",
                        directory.resolve("no-steps.yaml") + ":2: description: expected non-empty text, was empty",
                        directory.resolve("no-steps.yaml") + ":4: steps: expected a non-empty list of steps (allowed: "
                                + String.join(", ", StepCatalogue.names()) + ")");
        assertThat(thrown.getMessage()).startsWith("7 problem(s) in scenario files:\n" + directory);
    }

    @Test
    void aScenarioIsOfTheCiTierUnlessItSaysOtherwise() {
        assertThat(loader.parse(FILE, HEAD + "steps: [install]\n").tier()).isEqualTo(Tier.CI);
        assertThat(loader.parse(FILE, HEAD + "tier: release\nsteps: [install]\n")
                        .tier())
                .isEqualTo(Tier.RELEASE);
        assertThat(problems(HEAD + "tier: nightly\nsteps: [install]\n"))
                .containsExactly("upgrade-test.yaml:4: tier: 'nightly' is not allowed (allowed: ci, release)");
    }

    @Test
    void readsAMatrixFromAListOrAListFile() {
        Scenario listed = loader.parse(
                FILE, HEAD + "matrix: {from: [\"3.9.x\", \"3.16.1\"], to: next-minor}\nsteps: [install, upgrade]\n");
        Scenario fromFile = loader.parse(
                FILE,
                HEAD + "matrix: {from: scenarios/matrix/schema-changing-minors.txt}\nsteps: [install, upgrade]\n");

        assertThat(listed.matrix()).contains(new UpgradeMatrix(List.of("3.9.x", "3.16.1"), "next-minor"));
        assertThat(fromFile.matrix().orElseThrow().from())
                .startsWith("2.3.x", "2.4.x")
                .contains("3.9.x", "3.10.x");
        assertThat(fromFile.matrix().orElseThrow().to()).isEqualTo(UpgradeMatrix.CHART_DEFAULT);
    }

    @Test
    void aMatrixGivesTheVersionsOfItsOneUpgrade() {
        assertThat(problems(HEAD + """
                        mlflow: {version: "2.9.2"}
                        matrix: {from: ["3.9.x", "latest"], to: newest}
                        steps:
                          - install
                          - upgrade: {to-version: "3.10.1"}
                        """))
                .containsExactly(
                        "upgrade-test.yaml:5: matrix.from[1]: 'latest' is not an MLflow version such as 2.9.2, or"
                                + " 2.22.x for the last patch of 2.22",
                        "upgrade-test.yaml:5: matrix.to: 'newest' is not allowed (allowed: default, next-minor, or"
                                + " an MLflow version such as 2.9.2, or 2.22.x for the last patch of 2.22)");
        assertThat(problems(HEAD + """
                        mlflow: {version: "2.9.2"}
                        matrix: {from: ["3.9.x"]}
                        steps:
                          - install
                          - upgrade: {to-version: "3.10.1"}
                        """))
                .containsExactly(
                        "upgrade-test.yaml:4: mlflow: a matrix scenario installs each version of matrix.from: leave"
                                + " mlflow out",
                        "upgrade-test.yaml:8: steps[1].upgrade.to-version: the matrix gives the upgrade's target: leave"
                                + " to-version out and set matrix.to");
        assertThat(problems(HEAD + "matrix: {from: nowhere.txt}\nsteps: [install, upgrade, upgrade]\n"))
                .containsExactly("upgrade-test.yaml:4: matrix.from: no list file at ./nowhere.txt");
        assertThat(problems(HEAD + "matrix: {from: [\"3.9.x\"]}\nsteps: [install, upgrade, upgrade]\n"))
                .containsExactly("upgrade-test.yaml:5: steps: a matrix scenario has exactly one upgrade step, from each"
                        + " of matrix.from to matrix.to (found 2)");
    }

    @Test
    void aChainGoesForwardHopByHopAndARollbackGoesBack() {
        assertThat(problems(HEAD + """
                        mlflow: {version: "2.22.x"}
                        steps:
                          - install
                          - upgrade: {to-version: "3.0.1"}
                          - upgrade: {to-version: "2.22.5"}
                          - upgrade: {to-version: "3.0.1"}
                        """))
                .containsExactly("upgrade-test.yaml:8: steps[2].upgrade.to-version: '2.22.5' is not newer than 3.0.1,"
                        + " which the release runs after steps[1]: MLflow has no database downgrade (give a later"
                        + " version; rollback goes back)");
        assertThat(loader.parse(FILE, HEAD + """
                                mlflow: {version: "2.9.2"}
                                steps:
                                  - install
                                  - upgrade: {to-version: "2.22.x"}
                                  - upgrade: {to-version: "3.0.x"}
                                  - rollback
                                  - upgrade: {to-version: "3.0.1"}
                                  - upgrade
                                """).steps())
                .as("3.0.x against 3.0.1 cannot be told apart: allowed")
                .hasSize(6);
        assertThat(problems(
                        HEAD + "mlflow: {version: \"3.0.1\"}\nsteps: [install, {upgrade: {to-version: \"3.0.1\"}}]\n"))
                .singleElement()
                .asString()
                .contains("'3.0.1' is not newer than 3.0.1, which the release runs from its install");
    }

    private List<String> problems(String yaml) {
        ScenarioException thrown = catchThrowableOfType(ScenarioException.class, () -> loader.parse(FILE, yaml));
        assertThat(thrown).as("problems in\n%s", yaml).isNotNull();
        return thrown.problems().stream().map(Problem::toString).toList();
    }
}
