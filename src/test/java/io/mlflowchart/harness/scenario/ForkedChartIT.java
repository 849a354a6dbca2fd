package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.mlflowchart.harness.environment.SharedEnvironment;
import io.mlflowchart.harness.environment.SharedEnvironmentExtension;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.report.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a repository with its own fork of the chart does with the engine: a {@link ScenarioSuite} given a chart by
 * path, values files by path, its own scenario folder and another release name. The fork here is this chart as it
 * was at an older commit, packaged outside {@code charts/}, with its dev values moved out of the package, installed
 * as release {@code tracking} (so its objects are {@code tracking-mlflow}, not {@code mlflow}).
 */
@ExtendWith(SharedEnvironmentExtension.class)
class ForkedChartIT {

    /**
     * "Chart: one webhook encryption key from a Secret for every replica, worker and release", before the credential
     * cache and the gateway passphrase. No older one: the dataset writes a webhook with a secret, which a chart
     * without that key lets each of its two workers encrypt with a key of its own, so that listing webhooks fails
     * whenever the other worker answers (mlflow/mlflow#19896), as it would for a user.
     */
    private static final String OLDER_CHART_COMMIT = "e3ebeff";

    private static final Path WORK = Path.of("target/forked-chart-it").toAbsolutePath();

    private static final String SCENARIO = """
        name: fork-smoke
        description: the fork's chart installs, serves the data written to it and passes its helm tests
        profile: dev
        steps:
          - install
          - load-data
          - verify
          - helm-test
        """;

    @TestFactory
    Stream<DynamicNode> runsAScenarioAgainstAChartGivenByPathAndValuesFiles(SharedEnvironment environment)
            throws Exception {
        ScenarioSuite suite = ScenarioSuite.of(packagedFork())
                .values(Profile.DEV, WORK.resolve("values/dev.yaml"))
                .scenariosIn(WORK.resolve("scenarios"))
                .reportsIn(WORK.resolve("reports"))
                .releaseName("tracking");
        return Stream.concat(
                suite.scenariosInOrder(environment),
                Stream.of(dynamicTest(
                        "the fork's scenario passed",
                        () -> assertThat(suite.report().scenarios())
                                .extracting(ScenarioResult::name, ScenarioResult::passed)
                                .containsExactly(tuple("fork-smoke", true)))));
    }

    /** The older chart packaged under target/, its values-dev.yaml moved beside the scenario folder. */
    private static Path packagedFork() throws IOException, InterruptedException {
        deleteRecursively(WORK);
        Path source = Files.createDirectories(WORK.resolve("source"));
        run(
                "sh",
                "-c",
                "git archive --format=tar \"$0:charts/mlflow\" | tar -x -C \"$1\"",
                OLDER_CHART_COMMIT,
                source.toString());
        Files.createDirectories(WORK.resolve("values"));
        Files.move(source.resolve("values-dev.yaml"), WORK.resolve("values/dev.yaml"));
        Files.createDirectories(WORK.resolve("scenarios"));
        Files.writeString(WORK.resolve("scenarios/fork-smoke.yaml"), SCENARIO);
        Path packages = Files.createDirectories(WORK.resolve("packages"));
        run(Helm.locate().binary().toString(), "package", source.toString(), "--destination", packages.toString());
        try (Stream<Path> files = Files.list(packages)) {
            return files.filter(file -> file.toString().endsWith(".tgz"))
                    .findFirst()
                    .orElseThrow();
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        new ExternalCommand(List.of(command), Duration.ofMinutes(2)).run();
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
