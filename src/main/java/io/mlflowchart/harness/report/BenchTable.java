package io.mlflowchart.harness.report;

import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.report.StepResult.Outcome;
import io.mlflowchart.harness.timing.CpuUse;
import io.mlflowchart.harness.timing.TimeSplit;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code bench.md}: where a run's time went, as a Markdown table rendered from its {@code results.json}. Per scenario
 * and step, the wall time and its split into waiting on Kubernetes, waiting on MLflow and the harness's own time; the
 * totals per scenario, per step kind and for the run; and {@code whole/waits}, the wall time over the waits the
 * harness cannot remove by itself (Kubernetes + MLflow): 1.00 when the harness adds nothing. Then the run's elapsed
 * time against the sum of its scenarios' times, and the CPU the machine and the harness used. Not a timed test: it measures, it asserts nothing.
 *
 * <pre>{@code java -cp ... io.mlflowchart.harness.report.BenchTable reports/<run-id>}</pre> renders it for any run
 * (a run written before splits were recorded shows its steps' wall times only).
 */
public record BenchTable(RunResults run) {

    public static final String FILE = "bench.md";

    /** Busy this share of the time or more, the machine's CPU was what the run waited for. */
    static final double CPU_BOUND = 0.9;

    /** Renders {@code bench.md} of the run folder (or results.json) given, writes it beside it and prints it. */
    public static void main(String... args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: BenchTable <reports/<run-id> | results.json>");
        }
        Path given = Path.of(args[0]);
        Path results = Files.isDirectory(given) ? given.resolve("results.json") : given;
        String table = new BenchTable(read(results)).markdown();
        Files.writeString(results.resolveSibling(FILE), table);
        System.out.println(table);
    }

    /** A {@code results.json} of any schema version. */
    static RunResults read(Path results) {
        try {
            return Mappers.JSON.readValue(results.toFile(), RunResults.class);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + results, e);
        }
    }

    String markdown() {
        StringBuilder md = new StringBuilder("## Where the time of run " + run.runId() + " went\n\n")
                .append("Seconds of wall time; `whole/waits` is the wall time over Kubernetes + MLflow"
                        + " (1.00: the harness adds nothing).\n\n")
                .append("| scenario | step | outcome | wall | Kubernetes | MLflow | harness | whole/waits |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|\n");
        Totals all = new Totals();
        Map<String, Totals> byKind = new LinkedHashMap<>();
        for (ScenarioResult scenario : run.scenarios()) {
            Totals total = new Totals();
            List<StepResult> steps = scenario.steps();
            for (int i = 0; i < steps.size(); i++) {
                StepResult step = steps.get(i);
                row(md, scenario.name(), (i + 1) + " " + step.name(), step);
                if (step.outcome() != Outcome.SKIPPED) {
                    total.add(step);
                    all.add(step);
                    byKind.computeIfAbsent(step.name(), kind -> new Totals()).add(step);
                }
            }
            total.row(md, scenario.name(), "**total**", scenario.passed() ? "passed" : "FAILED");
        }
        all.row(md, "**all scenarios**", "", run.passed() ? "passed" : "FAILED");
        md.append("\n### By step kind\n\n")
                .append("| step | runs | wall | Kubernetes | MLflow | harness | whole/waits |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        byKind.forEach((kind, totals) -> md.append("| ")
                .append(kind)
                .append(" | ")
                .append(totals.steps)
                .append(totals.cells())
                .append('\n'));
        md.append("\n### The run\n\n");
        if (run.elapsedMillis() == 0) {
            md.append("Elapsed time not recorded (results.json of schema version 2); the scenarios' steps took ")
                    .append(seconds(all.wall))
                    .append(" s.\n");
        } else {
            md.append("| elapsed (start to last scenario) | sum of scenarios | sum / elapsed | outside scenarios |\n")
                    .append("|---:|---:|---:|---:|\n")
                    .append("| ")
                    .append(seconds(run.elapsedMillis()))
                    .append(" | ")
                    .append(seconds(all.wall))
                    .append(" | ")
                    .append(ratio(all.wall, run.elapsedMillis()))
                    .append(" | ")
                    .append(seconds(Math.max(0, run.elapsedMillis() - all.wall)))
                    .append(" |\n\n")
                    .append("`sum / elapsed` above 1.00: scenarios overlapped; `outside scenarios`: the cluster's and"
                            + " services' start, teardowns and whatever ran between steps (meaningful only when they"
                            + " did not overlap).\n");
        }
        md.append('\n').append(cpu(run.cpu()));
        return md.toString();
    }

    /** The CPU the run used: whether the machine was the limit, and the harness's own part. */
    static String cpu(CpuUse cpu) {
        if (cpu == null) {
            return "CPU not recorded (no /proc on the machine that ran it, or results.json before schema version 4).\n";
        }
        String line = String.format(
                Locale.ROOT,
                "CPU: the machine's %d cores were busy %.0f %% of the time (%.0f of %.0f CPU-seconds); of that, the"
                        + " harness's JVM used %.0f and the commands it ran (Helm, kubectl, the runbook) %.0f, the rest"
                        + " went to the cluster, its pods, the services and whatever else ran on the machine.",
                cpu.cores(),
                100 * cpu.machineBusyShare(),
                cpu.machineBusyMillis() / 1000.0,
                cpu.machineMillis() / 1000.0,
                cpu.harnessMillis() / 1000.0,
                cpu.commandsMillis() / 1000.0);
        return line
                + (cpu.machineBusyShare() >= CPU_BOUND
                        ? " The run was bound by CPU: more scenarios at once would only queue for it; more cores, or"
                                + " machines (`-Dshard=i/n`), shorten it.\n"
                        : "\n");
    }

    private static void row(StringBuilder md, String scenario, String step, StepResult result) {
        md.append("| ")
                .append(scenario)
                .append(" | ")
                .append(step)
                .append(" | ")
                .append(result.outcome().name().toLowerCase(Locale.ROOT));
        if (result.outcome() == Outcome.SKIPPED) {
            md.append(" | | | | | |\n");
            return;
        }
        Totals one = new Totals();
        one.add(result);
        md.append(one.cells()).append('\n');
    }

    /** Sums of steps' wall times and of the splits of those that have one. */
    private static final class Totals {

        private int steps;

        private long wall;

        /** The wall time of the steps with a split, which the ratio divides. */
        private long splitWall;

        private TimeSplit split = TimeSplit.NONE;

        private boolean missingSplit;

        void add(StepResult step) {
            steps++;
            wall += step.durationMillis();
            if (step.split() == null) {
                missingSplit = true;
            } else {
                split = split.plus(step.split());
                splitWall += step.durationMillis();
            }
        }

        void row(StringBuilder md, String scenario, String label, String outcome) {
            md.append("| ")
                    .append(scenario)
                    .append(" | ")
                    .append(label)
                    .append(" | ")
                    .append(outcome)
                    .append(cells())
                    .append('\n');
        }

        /** {@code | wall | Kubernetes | MLflow | harness | whole/waits |}; parts a step did not record are "?". */
        String cells() {
            if (steps > 0 && splitWall == 0 && missingSplit) {
                return " | " + seconds(wall) + " | ? | ? | ? | ? |";
            }
            String unknown = missingSplit ? " + ?" : "";
            return " | " + seconds(wall) + " | " + seconds(split.kubernetesMillis()) + unknown + " | "
                    + seconds(split.mlflowMillis()) + unknown + " | " + seconds(split.harnessMillis()) + unknown
                    + " | " + ratio(splitWall, split.irreducibleMillis()) + " |";
        }
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    /** {@code whole / part} with two decimals; "–" when the part is zero (a step that waited on nothing). */
    private static String ratio(long whole, long part) {
        return part == 0 ? "–" : String.format(Locale.ROOT, "%.2f", (double) whole / part);
    }
}
