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
 * One point of the gate's value matrix: a profile, how credentials are given (prod only: both from existing Secrets,
 * both inline, or the database's from its Secret and S3's from the ambient chain), ingress and NetworkPolicy on or
 * off, the MLflow image, basic auth on or off, and the operations add-ons (metrics with a ServiceMonitor, the gc
 * CronJob) off or on.
 */
record ValueCombination(
        Profile profile,
        Credentials credentials,
        boolean ingress,
        boolean networkPolicy,
        MlflowImage image,
        boolean auth,
        Operations operations) {

    enum Profile {
        DEV,
        PROD
    }

    enum Credentials {
        NONE,
        EXISTING_SECRET,
        INLINE,
        AMBIENT
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

    /** The Secret the basic-auth points name as auth.existingSecret. */
    static final String AUTH_SECRET = "mlflow-auth";

    static final String S3_ENDPOINT = "http://minio.storage.svc:9000";

    static Stream<ValueCombination> matrix() {
        List<ValueCombination> all = new ArrayList<>();
        for (Operations operations : Operations.values()) {
            for (MlflowImage image : MlflowImage.values()) {
                for (boolean ingress : new boolean[] {false, true}) {
                    for (boolean networkPolicy : new boolean[] {false, true}) {
                        for (boolean auth : new boolean[] {false, true}) {
                            for (Credentials credentials : Credentials.values()) {
                                all.add(new ValueCombination(
                                        credentials == Credentials.NONE ? Profile.DEV : Profile.PROD,
                                        credentials,
                                        ingress,
                                        networkPolicy,
                                        image,
                                        auth,
                                        operations));
                            }
                        }
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
        if (credentials == Credentials.AMBIENT) {
            command.setString("minio.external.credentials", "ambient").setString("minio.external.existingSecret", "");
        }
        command.set("ingress.enabled", ingress)
                .set("networkPolicy.enabled", networkPolicy)
                .set("networkPolicy.allowExternal", false);
        if (image == MlflowImage.V2_9_2) {
            command.set("image.repository", "localhost/mlflow-chart/mlflow").set("image.tag", "2.9.2-full");
        }
        if (auth) {
            command.set("auth.enabled", true).setString("auth.existingSecret", AUTH_SECRET);
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
        if (credentials == Credentials.AMBIENT) {
            names.add("mlflow-postgresql");
        }
        if (profile == Profile.PROD) {
            names.add("mlflow-webhooks");
        }
        if (ingress && profile == Profile.PROD) {
            names.add("mlflow-tls");
        }
        if (auth) {
            names.add(AUTH_SECRET);
        }
        return names;
    }

    /** Whether the server reads S3 keys the chart hands it (from a Secret), rather than finding its own. */
    boolean staticS3Keys() {
        return credentials == Credentials.EXISTING_SECRET || credentials == Credentials.INLINE;
    }

    /** The workloads that may mount a service account token: the server, for keyless S3. */
    Set<String> tokenMounting() {
        return credentials == Credentials.AMBIENT ? Set.of("Deployment/" + MlflowChart.FULLNAME) : Set.of();
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
                + image.reference + (auth ? ", basic auth" : "") + (metricsAndGc() ? ", metrics and gc" : "");
    }
}
