package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.HelmException;
import io.mlflowchart.harness.helm.Template;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Values the chart must refuse, by values.schema.json or a template {@code fail}, with a message that names the key
 * and says what to do. Each row is one case.
 */
class RejectedValuesTest {

    private static final Helm HELM = Helm.locate();

    /** A values file plus --set/--set-string entries, and the fragments the error must contain. */
    record Case(
            String description,
            Path valuesFile,
            Map<String, Object> set,
            Map<String, String> setString,
            List<String> message) {

        Case set(String key, Object value) {
            Map<String, Object> more = new LinkedHashMap<>(set);
            more.put(key, value);
            return new Case(description, valuesFile, more, setString, message);
        }

        Case setString(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(setString);
            more.put(key, value);
            return new Case(description, valuesFile, set, more, message);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    static Case rejects(String description, Path valuesFile, String... message) {
        return new Case(description, valuesFile, Map.of(), Map.of(), List.of(message));
    }

    /** values-prod.yaml with the two addresses it leaves for the user to fill in. */
    static Case prod(String description, String... message) {
        return rejects(description, MlflowChart.PROD_VALUES, message)
                .set("postgresql.external.host", ValueCombination.DB_HOST)
                .set("minio.external.endpoint", ValueCombination.S3_ENDPOINT);
    }

    static Stream<Case> cases() {
        return Stream.of(
                rejects(
                                "prod without a database host",
                                MlflowChart.PROD_VALUES,
                                "postgresql.external.host is required",
                                "set it to the PostgreSQL server's address")
                        .set("minio.external.endpoint", ValueCombination.S3_ENDPOINT),
                rejects(
                                "prod without an S3 endpoint",
                                MlflowChart.PROD_VALUES,
                                "minio.external.endpoint is required",
                                "set it to the S3 endpoint URL")
                        .set("postgresql.external.host", ValueCombination.DB_HOST),
                prod(
                                "database password and existingSecret both set",
                                "postgresql.external.password and postgresql.external.existingSecret are both set",
                                "keep one")
                        .setString("postgresql.external.password", "pw"),
                prod(
                                "S3 keys and existingSecret both set",
                                "minio.external.accessKey/secretKey and minio.external.existingSecret are both set",
                                "keep one")
                        .setString("minio.external.accessKey", "ak")
                        .setString("minio.external.secretKey", "sk"),
                prod(
                                "database enabled without any credential",
                                "postgresql.external.existingSecret (or postgresql.external.password) is required")
                        .setString("postgresql.external.existingSecret", ""),
                prod(
                                "S3 with only an access key",
                                "minio.external.existingSecret (or both minio.external.accessKey and minio.external.secretKey) is required")
                        .setString("minio.external.existingSecret", "")
                        .setString("minio.external.accessKey", "ak"),
                prod(
                                "keyless S3 while values-prod.yaml still names the keys' Secret",
                                "minio.external.credentials=ambient takes no keys",
                                "--set minio.external.existingSecret=")
                        .setString("minio.external.credentials", "ambient"),
                prod(
                                "keyless S3 with inline keys",
                                "minio.external.credentials=ambient takes no keys",
                                "or use credentials=static")
                        .setString("minio.external.credentials", "ambient")
                        .setString("minio.external.existingSecret", "")
                        .setString("minio.external.accessKey", "ak")
                        .setString("minio.external.secretKey", "sk"),
                prod(
                                "S3 without keys and without saying credentials=ambient (a forgotten Secret name)",
                                "minio.external.existingSecret (or both minio.external.accessKey and minio.external.secretKey) is required",
                                "for IRSA or workload identity set minio.external.credentials=ambient")
                        .setString("minio.external.existingSecret", ""),
                prod(
                                "webhook key Secret without the key's name",
                                "/webhooks/existingSecretKeys/encryptionKey",
                                "minLength")
                        .setString("webhooks.existingSecretKeys.encryptionKey", ""),
                rejects(
                                "S3 credentials source outside the enum",
                                MlflowChart.DEV_VALUES,
                                "/minio/external/credentials",
                                "static",
                                "ambient")
                        .set("minio.external.credentials", "irsa"),
                rejects(
                                "CA bundle from a ConfigMap and a Secret",
                                MlflowChart.DEV_VALUES,
                                "caBundle.configMap and caBundle.secret are both set",
                                "keep one")
                        .set("caBundle.configMap", "ca")
                        .set("caBundle.secret", "ca"),
                rejects(
                                "autoscaling on SQLite",
                                MlflowChart.DEV_VALUES,
                                "autoscaling.enabled=true needs shared storage",
                                "SQLite and a ReadWriteOnce volume allow one writer")
                        .set("autoscaling.enabled", true),
                prod(
                                "autoscaling replicas that share a ReadWriteOnce artifacts volume",
                                "autoscaling.enabled=true needs shared storage",
                                "persistence.artifacts.accessModes [ReadWriteMany]")
                        .set("minio.external.enabled", false)
                        .set("replicaCount", 1)
                        .set("autoscaling.enabled", true),
                prod(
                                "autoscaling with minReplicas above maxReplicas",
                                "autoscaling.minReplicas=5 is above autoscaling.maxReplicas=4")
                        .set("autoscaling.enabled", true)
                        .set("autoscaling.minReplicas", 5),
                prod(
                                "autoscaling on CPU without a CPU request",
                                "autoscaling's cpu target is a share of resources.requests.cpu, which is not set")
                        .set("autoscaling.enabled", true)
                        .set("resources.requests.cpu", "null"),
                prod("autoscaling without any target", "autoscaling.enabled=true needs a target")
                        .set("autoscaling.enabled", true)
                        .set("autoscaling.targetCPUUtilizationPercentage", 0),
                rejects(
                                "HTTPRoute without a Gateway",
                                MlflowChart.DEV_VALUES,
                                "httpRoute.parentRefs is empty while httpRoute.enabled=true",
                                "name the Gateway")
                        .set("httpRoute.enabled", true),
                rejects("sidecar without an image", MlflowChart.DEV_VALUES, "/extraContainers/0", "image")
                        .set("extraContainers[0].name", "sidecar"),
                rejects(
                                "envFrom source with a mistyped key",
                                MlflowChart.DEV_VALUES,
                                "/envFrom/0",
                                "additional properties 'secretRefs' not allowed")
                        .set("envFrom[0].secretRefs.name", "s"),
                rejects(
                                "two replicas on SQLite",
                                MlflowChart.DEV_VALUES,
                                "replicaCount=2 needs postgresql.external.enabled=true",
                                "set replicaCount=1 or use values-prod.yaml")
                        .set("replicaCount", 2),
                prod(
                                "two replicas sharing a ReadWriteOnce artifacts claim",
                                "replicaCount=2 needs minio.external.enabled=true or persistence.artifacts.accessModes [ReadWriteMany]")
                        .set("minio.external.enabled", false),
                rejects("replicaCount that is not a number", MlflowChart.DEV_VALUES, "/replicaCount", "want integer")
                        .setString("replicaCount", "two"),
                rejects(
                                "database port as a string",
                                MlflowChart.DEV_VALUES,
                                "/postgresql/external/port",
                                "want integer")
                        .setString("postgresql.external.port", "5432"),
                prod("negative shutdown delay", "/server/shutdownDelaySeconds", "minimum: got -1, want 0")
                        .set("server.shutdownDelaySeconds", -1),
                rejects("boolean switch given as a string", MlflowChart.DEV_VALUES, "/ingress/enabled", "want boolean")
                        .setString("ingress.enabled", "yes"),
                rejects(
                                "unknown top-level key (replicas for replicaCount)",
                                MlflowChart.DEV_VALUES,
                                "additional properties 'replicas' not allowed")
                        .set("replicas", 2),
                rejects(
                                "unknown nested key (hostname for host)",
                                MlflowChart.DEV_VALUES,
                                "/postgresql/external",
                                "additional properties 'hostname' not allowed")
                        .set("postgresql.external.hostname", "db"),
                rejects("pull policy outside the enum", MlflowChart.DEV_VALUES, "/image/pullPolicy", "IfNotPresent")
                        .set("image.pullPolicy", "Sometimes"),
                rejects("S3 endpoint without a scheme", MlflowChart.DEV_VALUES, "/minio/external/endpoint", "https?://")
                        .set("minio.external.endpoint", "minio:9000"),
                rejects(
                                "basic auth without the Secret of its admin",
                                MlflowChart.DEV_VALUES,
                                "auth.existingSecret is required when auth.enabled=true",
                                "create a Secret with the admin user name, admin password and Flask secret key")
                        .set("auth.enabled", true),
                prod(
                                "basic auth's users in the tracking database",
                                "auth.postgresqlDatabase is the tracking database \"mlflow\"",
                                "must not share it (mlflow#10052)",
                                "name another database")
                        .set("auth.enabled", true)
                        .setString("auth.existingSecret", ValueCombination.AUTH_SECRET)
                        .setString("auth.postgresqlDatabase", "mlflow"),
                rejects(
                                "default permission MLflow does not have",
                                MlflowChart.DEV_VALUES,
                                "/auth/defaultPermission",
                                "NO_PERMISSIONS")
                        .set("auth.defaultPermission", "WRITE"),
                rejects(
                                "credential cache for a negative time",
                                MlflowChart.DEV_VALUES,
                                "/auth/credentialCacheSeconds",
                                "minimum")
                        .set("auth.credentialCacheSeconds", -1),
                rejects(
                                "admin password key left empty",
                                MlflowChart.DEV_VALUES,
                                "/auth/existingSecretKeys/password",
                                "minLength")
                        .set("auth.enabled", true)
                        .setString("auth.existingSecret", ValueCombination.AUTH_SECRET)
                        .setString("auth.existingSecretKeys.password", ""),
                rejects(
                                "ServiceMonitor without metrics",
                                MlflowChart.DEV_VALUES,
                                "metrics.serviceMonitor.enabled=true needs metrics.enabled=true")
                        .set("metrics.serviceMonitor.enabled", true),
                rejects("gc age in words", MlflowChart.DEV_VALUES, "/gc/olderThan", "does not match pattern")
                        .setString("gc.olderThan", "30 days"),
                rejects("gc without a schedule", MlflowChart.DEV_VALUES, "/gc/schedule", "minLength")
                        .setString("gc.schedule", ""),
                rejects(
                                "ingress enabled without hosts",
                                MlflowChart.DEV_VALUES,
                                "ingress.hosts is empty",
                                "add at least one host")
                        .set("ingress.enabled", true)
                        .set("ingress.hosts", "null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rejectsWithAMessageNamingTheKeyAndTheFix(Case bad) {
        Template template =
                HELM.template(MlflowChart.DIR).named(MlflowChart.RELEASE).withValues(bad.valuesFile());
        bad.set().forEach(template::set);
        bad.setString().forEach(template::setString);

        HelmException refused = catchThrowableOfType(HelmException.class, template::render);

        assertThat(refused).as("%s was accepted", bad.description()).isNotNull();
        assertThat(refused.stderr()).contains(bad.message());
    }
}
