package io.mlflowchart.harness.chart;

import io.mlflowchart.harness.helm.ChartCommand;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One point of the gate's value matrix: a profile, how credentials are given (prod only), ingress and
 * NetworkPolicy on or off, the MLflow image, and the operations add-ons (metrics with a ServiceMonitor, the gc
 * CronJob) off or on.
 */
record ValueCombination(
        Profile profile,
        Credentials credentials,
        boolean ingress,
        boolean networkPolicy,
        MlflowImage image,
        Operations operations) {

    enum Profile {
        DEV,
        PROD
    }

    enum Credentials {
        NONE,
        EXISTING_SECRET,
        INLINE
    }

    enum MlflowImage {
        V3("ghcr.io/mlflow/mlflow:v3.17.2-full"),
        V2_9_2("localhost/mlflow-chart/mlflow:2.9.2-full");

        final String reference;

        MlflowImage(String reference) {
            this.reference = reference;
        }
    }

    /** What runs beside the server besides the chart's basics: nothing, or metrics with a ServiceMonitor and gc. */
    enum Operations {
        NONE,
        METRICS_AND_GC
    }

    /** The gc age the matrix sets, so the gate can find it in the CronJob's arguments. */
    static final String GC_OLDER_THAN = "7d";

    /** Inline credentials the matrix feeds in; they must show up in Secrets and nowhere else. */
    static final String DB_PASSWORD = "db-pw-3c1f9a0e";

    static final String S3_ACCESS_KEY = "s3-ak-7d2e44b1";
    static final String S3_SECRET_KEY = "s3-sk-91b05fa2";

    static final String DB_HOST = "postgres.databases.svc";
    static final String S3_ENDPOINT = "http://minio.storage.svc:9000";

    static Stream<ValueCombination> matrix() {
        List<ValueCombination> all = new ArrayList<>();
        for (Operations operations : Operations.values()) {
            for (MlflowImage image : MlflowImage.values()) {
                for (boolean ingress : new boolean[] {false, true}) {
                    for (boolean networkPolicy : new boolean[] {false, true}) {
                        all.add(new ValueCombination(
                                Profile.DEV, Credentials.NONE, ingress, networkPolicy, image, operations));
                        all.add(new ValueCombination(
                                Profile.PROD, Credentials.EXISTING_SECRET, ingress, networkPolicy, image, operations));
                        all.add(new ValueCombination(
                                Profile.PROD, Credentials.INLINE, ingress, networkPolicy, image, operations));
                    }
                }
            }
        }
        return all.stream();
    }

    static Stream<ValueCombination> prod() {
        return matrix().filter(c -> c.profile == Profile.PROD);
    }

    static Stream<ValueCombination> dev() {
        return matrix().filter(c -> c.profile == Profile.DEV);
    }

    RenderedChart render(Helm helm) {
        return applyTo(helm.template(MlflowChart.DIR).named(MlflowChart.RELEASE).inNamespace(MlflowChart.NAMESPACE))
                .render();
    }

    String lint(Helm helm) {
        return applyTo(helm.lint(MlflowChart.DIR)).check();
    }

    private <C extends ChartCommand<C>> C applyTo(C command) {
        if (profile == Profile.DEV) {
            command.withValues(MlflowChart.DEV_VALUES);
        } else {
            command.withValues(MlflowChart.PROD_VALUES)
                    .set("postgresql.external.host", DB_HOST)
                    .set("minio.external.endpoint", S3_ENDPOINT);
        }
        if (credentials == Credentials.INLINE) {
            command.setString("postgresql.external.existingSecret", "")
                    .setString("postgresql.external.password", DB_PASSWORD)
                    .setString("minio.external.existingSecret", "")
                    .setString("minio.external.accessKey", S3_ACCESS_KEY)
                    .setString("minio.external.secretKey", S3_SECRET_KEY);
        }
        command.set("ingress.enabled", ingress)
                .set("networkPolicy.enabled", networkPolicy)
                .set("networkPolicy.allowExternal", false);
        if (image == MlflowImage.V2_9_2) {
            command.set("image.repository", "localhost/mlflow-chart/mlflow").set("image.tag", "2.9.2-full");
        }
        if (operations == Operations.METRICS_AND_GC) {
            command.set("metrics.enabled", true)
                    .set("metrics.serviceMonitor.enabled", true)
                    .set("gc.enabled", true)
                    .setString("gc.olderThan", GC_OLDER_THAN);
        }
        return command;
    }

    boolean metricsAndGc() {
        return operations == Operations.METRICS_AND_GC;
    }

    boolean sqlite() {
        return profile == Profile.DEV;
    }

    /** Secrets the values say exist outside the chart: the prod profile's existingSecrets and its ingress TLS Secret. */
    Set<String> declaredExistingSecrets() {
        Set<String> names = new HashSet<>();
        if (credentials == Credentials.EXISTING_SECRET) {
            names.addAll(Set.of("mlflow-postgresql", "mlflow-s3"));
        }
        if (ingress && profile == Profile.PROD) {
            names.add("mlflow-tls");
        }
        return names;
    }

    List<String> ingressHosts() {
        if (!ingress) {
            return List.of();
        }
        return List.of(profile == Profile.PROD ? "mlflow.example.com" : "mlflow.local");
    }

    @Override
    public String toString() {
        return profile.name().toLowerCase()
                + (credentials == Credentials.NONE
                        ? ""
                        : ", " + credentials.name().toLowerCase().replace('_', ' ')) + ", ingress "
                + (ingress ? "on" : "off") + ", network policy " + (networkPolicy ? "on" : "off") + ", "
                + image.reference + (metricsAndGc() ? ", metrics and gc" : "");
    }
}
