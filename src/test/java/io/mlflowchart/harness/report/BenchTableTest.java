package io.mlflowchart.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.timing.CpuUse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The table of where a run's time went, from {@link ExampleRun}'s two scenarios (dev-smoke: 128 s, prod-smoke: 105 s). */
class BenchTableTest {

    @TempDir
    Path reports;

    @Test
    void splitsEveryStepAndTotalsEachScenarioEachStepKindAndTheRun() {
        String table = new BenchTable(ExampleRun.RUN).markdown();

        assertThat(table)
                .contains("| dev-smoke | 1 install | passed | 90.0 | 70.0 | 5.0 | 15.0 | 1.20 |")
                .contains("| dev-smoke | 2 load-data | passed | 30.0 | 0.0 | 24.0 | 6.0 | 1.25 |")
                .contains("| dev-smoke | **total** | passed | 128.0 | 70.0 | 34.0 | 24.0 | 1.23 |")
                .contains("| prod-smoke | 3 helm-test | skipped | | | | | |")
                .contains("| prod-smoke | **total** | FAILED | 105.0 | 80.0 | 7.0 | 18.0 | 1.21 |")
                .contains("| **all scenarios** |  | FAILED | 233.0 | 150.0 | 41.0 | 42.0 | 1.22 |")
                .contains("| verify | 2 | 13.0 | 0.0 | 8.0 | 5.0 | 1.63 |")
                .contains("| 400.0 | 233.0 | 0.58 | 167.0 |")
                .contains("CPU: the machine's 2 cores were busy 95 % of the time (760 of 800 CPU-seconds); of that,"
                        + " the harness's JVM used 50 and the commands it ran (Helm, kubectl, the runbook) 70")
                .contains("The run was bound by CPU");
    }

    @Test
    void saysWhenTheMachineHadCpuToSpare() {
        assertThat(BenchTable.cpu(new CpuUse(4, 1_000_000, 500_000, 20_000, 30_000)))
                .startsWith("CPU: the machine's 4 cores were busy 50 % of the time (500 of 1000 CPU-seconds)")
                .doesNotContain("bound by CPU");
    }

    @Test
    void rendersARunFromItsResultsJson() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(ExampleRun.PASSED);
        report.add(ExampleRun.FAILED);
        Path results = report.directory().resolve("results.json");

        String reread = new BenchTable(BenchTable.read(results)).markdown();

        assertThat(reread)
                .isEqualTo(Files.readString(report.directory().resolve(BenchTable.FILE)))
                .contains("| **all scenarios** |  | FAILED | 233.0 | 150.0 | 41.0 | 42.0 | 1.22 |");
    }

    @Test
    void showsTheWallTimesOfARunWrittenBeforeSplitsWereRecorded() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(ExampleRun.PASSED);
        Path results = report.directory().resolve("results.json");
        String version2 = Files.readString(results)
                .replace("\"schemaVersion\" : " + RunResults.SCHEMA_VERSION, "\"schemaVersion\" : 2")
                .replaceAll("\"elapsedMillis\" : \\d+,", "")
                .replaceAll("\"cpu\" : \\{[^}]*},", "")
                .replaceAll(",\\s*\"split\" : \\{[^}]*}", "");
        Files.writeString(results, version2);

        String table = new BenchTable(BenchTable.read(results)).markdown();

        assertThat(version2).doesNotContain("split").doesNotContain("elapsedMillis");
        assertThat(table)
                .contains("| dev-smoke | 1 install | passed | 90.0 | ? | ? | ? | ? |")
                .contains("| **all scenarios** |  | passed | 128.0 | ? | ? | ? | ? |")
                .contains("Elapsed time not recorded")
                .contains("CPU not recorded");
    }

    @Test
    void readsARunWrittenBeforeAvailabilityWasRecorded() throws Exception {
        RunReport report = RunReport.start(reports);
        report.add(ExampleRun.PASSED);
        Path results = report.directory().resolve("results.json");
        String version4 = Files.readString(results)
                .replace("\"schemaVersion\" : " + RunResults.SCHEMA_VERSION, "\"schemaVersion\" : 4")
                .replaceAll(",\\s*\"availability\" : (null|\\{[^}]*\\{[^}]*}[^}]*\\{[^}]*}[^}]*})", "");
        Files.writeString(results, version4);

        RunResults read = BenchTable.read(results);

        assertThat(version4).doesNotContain("availability").doesNotContain("failedReads");
        assertThat(read.scenarios().get(0).steps())
                .hasSize(3)
                .allSatisfy(step -> assertThat(step.availability()).isNull());
    }
}
