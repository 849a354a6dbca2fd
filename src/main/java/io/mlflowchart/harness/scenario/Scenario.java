package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.mlflow.DatasetSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One end-to-end scenario, as a {@code scenarios/*.yaml} file describes it. {@code values}: values files of its own,
 * applied after its profile's. {@code backends}: where a prod scenario's PostgreSQL and S3 store run.
 * {@code traffic}: the steps a background client measures availability under. {@code tier}: the runs that run it
 * ({@link Tier}). A file with a {@code matrix} stands for one scenario per upgrade pair ({@link UpgradePairs}); each
 * of those names the file's scenario in {@code pairOf}. {@code cluster}: a k3s of the scenario's own, when it has one.
 */
public record Scenario(
        String name,
        String description,
        Profile profile,
        Backends backends,
        ChartSource chart,
        MlflowImage mlflow,
        DatasetSpec dataset,
        List<Path> values,
        List<Step> steps,
        TrafficPlan traffic,
        Path file,
        Tier tier,
        Optional<UpgradeMatrix> matrix,
        Optional<String> pairOf,
        Optional<OwnCluster> cluster) {

    public Scenario {
        values = List.copyOf(values);
        steps = List.copyOf(steps);
    }

    /** A scenario of the ci tier, without traffic, that runs as written. */
    public Scenario(
            String name,
            String description,
            Profile profile,
            Backends backends,
            ChartSource chart,
            MlflowImage mlflow,
            DatasetSpec dataset,
            List<Path> values,
            List<Step> steps,
            Path file) {
        this(
                name,
                description,
                profile,
                backends,
                chart,
                mlflow,
                dataset,
                values,
                steps,
                TrafficPlan.NONE,
                file,
                Tier.CI,
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /**
     * The MLflow releases the scenario installs and upgrades to by number, in order, each once: the images the harness
     * finds, pulls or builds for it. Not the chart's default, nor an image given by reference.
     */
    public List<String> releases() {
        Stream<String> installed = mlflow.image() == null ? Stream.ofNullable(mlflow.version()) : Stream.empty();
        Stream<String> upgrades =
                steps.stream().filter(step -> step.has("to-version")).map(step -> step.text("to-version"));
        return Stream.concat(installed, upgrades).distinct().toList();
    }

    /** This scenario with another chart, MLflow and steps: what version options and release resolution change. */
    Scenario with(ChartSource chart, MlflowImage mlflow, List<Step> steps) {
        return new Scenario(
                name,
                description,
                profile,
                backends,
                chart,
                mlflow,
                dataset,
                values,
                steps,
                traffic,
                file,
                tier,
                matrix,
                pairOf,
                cluster);
    }

    /** One pair of this matrix: named {@code name}, installing {@code mlflow}, with {@code steps}. */
    Scenario pair(String pairName, MlflowImage from, List<Step> pairSteps) {
        return new Scenario(
                pairName,
                description,
                profile,
                backends,
                chart,
                from,
                dataset,
                values,
                pairSteps,
                traffic,
                file,
                tier,
                Optional.empty(),
                Optional.of(name),
                cluster);
    }
}
