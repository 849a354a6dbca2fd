package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.mlflowchart.harness.helm.ArgoSyncPlan;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.RenderedChart;
import io.mlflowchart.harness.helm.Template;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's static gate: for every point of the value matrix, render the chart (no cluster) and assert the
 * invariants on fabric8 model objects. Each failure lists the offending objects and fields.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChartInvariantsTest {

    private final Helm helm = Helm.locate();

    private final Map<ValueCombination, RenderedChart> renders = new ConcurrentHashMap<>();

    Stream<ValueCombination> matrix() {
        return ValueCombination.matrix();
    }

    Stream<ValueCombination> prod() {
        return ValueCombination.prod();
    }

    Stream<ValueCombination> dev() {
        return ValueCombination.dev();
    }

    Stream<ValueCombination> basicAuth() {
        return ValueCombination.matrix().filter(ValueCombination::auth);
    }

    /** Each combination is rendered once and shared by every invariant. */
    private RenderedChart chart(ValueCombination values) {
        return renders.computeIfAbsent(values, v -> v.render(helm));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void passesHelmLintStrict(ValueCombination values) {
        assertThat(values.lint(helm)).contains("1 chart(s) linted, 0 chart(s) failed");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void showsCredentialsNowhereButInSecrets(ValueCombination values) {
        List<String> credentials =
                List.of(ValueCombination.DB_PASSWORD, ValueCombination.S3_ACCESS_KEY, ValueCombination.S3_SECRET_KEY);
        assertThat(chart(values).notes())
                .as("NOTES rendered, so the scan covers them")
                .contains("helm test " + MlflowChart.RELEASE);
        assertThat(CredentialLeaks.in(chart(values), credentials))
                .as("credentials outside Secrets")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void readsCredentialEnvironmentFromSecrets(ValueCombination values) {
        assertThat(PlainCredentialEnv.in(chart(values)))
                .as("credential env vars not read from a Secret")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void selectsTheServerPodsAndNothingElse(ValueCombination values) {
        assertThat(SelectorMismatches.in(chart(values))).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void referencesOnlySecretsConfigMapsAndClaimsThatExist(ValueCombination values) {
        assertThat(DanglingReferences.in(chart(values), values.declaredExistingSecrets()))
                .as("references to objects neither rendered nor declared existing")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void migratesInOneHookJobBeforeTheServerStarts(ValueCombination values) {
        RenderedChart chart = chart(values);
        Job job = chart.only(Job.class);
        Map<String, String> hook = job.getMetadata().getAnnotations();
        String events = values.sqlite() ? "pre-upgrade" : "pre-install,pre-upgrade";
        assertThat(hook)
                .as("%s hook annotations", job.getMetadata().getName())
                .containsEntry("helm.sh/hook", events)
                .containsEntry("helm.sh/hook-weight", "0")
                .containsEntry("helm.sh/hook-delete-policy", "before-hook-creation");
        assertThat(job.getMetadata().getLabels()).containsEntry("mlflow.chart/release-revision", "1");
        assertThat(job.getSpec().getBackoffLimit()).as("backoffLimit").isBetween(0, 2);
        assertThat(job.getSpec().getActiveDeadlineSeconds())
                .as("activeDeadlineSeconds")
                .isNotNull()
                .isPositive();
        assertThat(job.getSpec().getParallelism()).as("parallelism").isEqualTo(1);
        assertThat(job.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");

        Container migration =
                job.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(migration.getCommand()).as("migration command").containsExactly("python", "-c");
        assertThat(migration.getArgs())
                .as("migration args")
                .hasSize(2)
                .endsWith(serverArg(chart, "--backend-store-uri"))
                .first()
                .asString()
                .as("migration script: `mlflow db upgrade` for an existing schema, the tracking store with the server's"
                        + " proxied artifact root for an empty one (the Default experiment it creates is the server's),"
                        + " and no private MLflow function (they change between versions)")
                .contains("[\"mlflow\", \"db\", \"upgrade\", uri]", "SqlAlchemyStore(uri, \"mlflow-artifacts:/\")")
                .doesNotContainPattern("\\._[a-z]");

        // Whatever the Job reads from the chart must be created before it: a hook of the same events, lighter weight.
        List<String> lateDependencies = new ArrayList<>();
        Set<String> used = new HashSet<>();
        orEmpty(migration.getEnv()).stream()
                .map(EnvVar::getValueFrom)
                .filter(Objects::nonNull)
                .map(v -> v.getSecretKeyRef())
                .filter(Objects::nonNull)
                .forEach(ref -> used.add(ref.getName()));
        for (Secret secret : chart.all(Secret.class)) {
            if (used.contains(secret.getMetadata().getName())) {
                Map<String, String> annotations = orEmpty(secret.getMetadata().getAnnotations());
                if (!events.equals(annotations.get("helm.sh/hook"))
                        || Integer.parseInt(annotations.getOrDefault("helm.sh/hook-weight", "0")) >= 0) {
                    lateDependencies.add("Secret/" + secret.getMetadata().getName() + " " + annotations);
                }
            }
        }
        // Pre-install hooks run before the chart's other objects exist: a service account the chart creates is not
        // there yet when the Job's pod is admitted (found on k3s: "serviceaccount not found", install timed out).
        String account = job.getSpec().getTemplate().getSpec().getServiceAccountName();
        if (account != null
                && !"default".equals(account)
                && chart.find(ServiceAccount.class, account)
                        .filter(sa -> sa.getMetadata().getAnnotations() == null
                                || !sa.getMetadata().getAnnotations().containsKey("helm.sh/hook"))
                        .isPresent()) {
            lateDependencies.add("ServiceAccount/" + account + " (not a hook)");
        }
        assertThat(lateDependencies)
                .as("chart objects the migration Job reads but that are not created before it")
                .isEmpty();
        // Server pods must not migrate (replicas would race): their one init container, basic auth's, renders a file
        // and can reach no database, neither a claim nor PostgreSQL's credentials.
        PodSpec serverPod = server(chart).getSpec().getTemplate().getSpec();
        Set<String> claimVolumes = new HashSet<>();
        orEmpty(serverPod.getVolumes()).stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .forEach(v -> claimVolumes.add(v.getName()));
        for (Container init : orEmpty(serverPod.getInitContainers())) {
            assertThat(init.getName()).as("server init container").isEqualTo("auth-config");
            assertThat(orEmpty(init.getVolumeMounts()))
                    .as("volumes of server init container %s", init.getName())
                    .noneMatch(m -> claimVolumes.contains(m.getName()));
            assertThat(orEmpty(init.getEnv()))
                    .as("env of server init container %s", init.getName())
                    .extracting(EnvVar::getName)
                    .doesNotContain("PGUSER", "PGPASSWORD");
        }
        if (values.sqlite()) {
            assertThat(claims(job.getSpec().getTemplate().getSpec()))
                    .as("claims the SQLite migration mounts")
                    .containsExactly(MlflowChart.FULLNAME + "-db")
                    .isSubsetOf(claims(server(chart).getSpec().getTemplate().getSpec()));
            assertThat(job.getSpec().getTemplate().getSpec().getAffinity().getPodAffinity())
                    .as("the SQLite migration seeks the server's node, where its ReadWriteOnce claim is attached")
                    .isNotNull();
        }
    }

    /**
     * Argo CD applies {@code helm template} output: no lookup, no install/upgrade, Helm hooks mapped to its phases,
     * and (its docs warn) Helm hooks ignored once any Argo CD hook is defined. So every hook says what Argo CD must do.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void syncsUnderArgoCdWithTheMigrationFirstAndTheTestsLeftOut(ValueCombination values) {
        RenderedChart chart = chart(values);
        assertThat(chart.objects().stream()
                        .filter(o -> orEmpty(o.getMetadata().getAnnotations()).containsKey("helm.sh/hook"))
                        .filter(o -> !o.getMetadata().getAnnotations().containsKey("argocd.argoproj.io/hook"))
                        .map(o -> o.getKind() + "/" + o.getMetadata().getName()))
                .as("Helm hooks without an Argo CD hook annotation")
                .isEmpty();
        assertThat(ArgoSyncStalls.in(chart))
                .as("what would stall or misorder Argo CD's sync")
                .isEmpty();

        ArgoSyncPlan plan = ArgoSyncPlan.of(chart);
        String job = chart.only(Job.class).getMetadata().getName();
        ArgoSyncPlan.Wave migration = plan.waveOf("Job", job).orElseThrow();
        assertThat(migration.phase())
                .as("phase of the migration (in PreSync none of the chart's objects exist yet)")
                .isEqualTo(ArgoSyncPlan.Phase.SYNC);
        assertThat(migration.entries())
                .filteredOn(e -> e.id().equals("Job/" + job))
                .singleElement()
                .extracting(ArgoSyncPlan.Entry::deletePolicies)
                .as("delete policies: created again on every sync, kept after it as Helm keeps it")
                .isEqualTo(Set.of(ArgoSyncPlan.DeletePolicy.BEFORE_HOOK_CREATION));
        if (values.sqlite()) {
            assertThat(plan.waveOf("PersistentVolumeClaim", MlflowChart.FULLNAME + "-db"))
                    .as("wave of the SQLite claim: the migration's, whose pod binds it")
                    .contains(migration);
        }
        assertThat(plan.neverApplied())
                .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
                .as("objects Argo CD never applies")
                .containsExactlyInAnyOrder(
                        "Pod/" + MlflowChart.FULLNAME + "-test", "ConfigMap/" + MlflowChart.FULLNAME + "-test");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void runsBasicAuthOnlyWhenEnabledWithEveryCredentialFromItsSecret(ValueCombination values) {
        RenderedChart chart = chart(values);
        Container mlflow = serverContainer(chart);
        PodSpec pod = server(chart).getSpec().getTemplate().getSpec();
        if (!values.auth()) {
            assertThat(mlflow.getArgs()).noneMatch(a -> a.startsWith("--app-name"));
            assertThat(orEmpty(mlflow.getEnv()))
                    .extracting(EnvVar::getName)
                    .noneMatch(n -> n.startsWith("MLFLOW_AUTH"));
            assertThat(orEmpty(pod.getInitContainers()))
                    .as("server init containers")
                    .isEmpty();
            return;
        }
        assertThat(mlflow.getArgs()).contains("--app-name=basic-auth");
        // The admin's credentials and the Flask secret key reach containers from auth.existingSecret only.
        Set<String> fromSecret = Set.of(
                "MLFLOW_AUTH_ADMIN_USERNAME",
                "MLFLOW_AUTH_ADMIN_PASSWORD",
                "MLFLOW_FLASK_SERVER_SECRET_KEY",
                "MLFLOW_TRACKING_USERNAME",
                "MLFLOW_TRACKING_PASSWORD");
        List<String> elsewhere = new ArrayList<>();
        List<String> read = new ArrayList<>();
        for (Workload workload : Workload.all(chart)) {
            workload.containers()
                    .forEach(container -> orEmpty(container.getEnv()).stream()
                            .filter(e -> fromSecret.contains(e.getName()))
                            .forEach(e -> {
                                read.add(container.getName() + " " + e.getName());
                                if (e.getValueFrom() == null
                                        || e.getValueFrom().getSecretKeyRef() == null
                                        || !ValueCombination.AUTH_SECRET.equals(e.getValueFrom()
                                                .getSecretKeyRef()
                                                .getName())) {
                                    elsewhere.add(
                                            workload + " container " + container.getName() + " env " + e.getName());
                                }
                            }));
        }
        assertThat(elsewhere)
                .as("auth credentials not read from auth.existingSecret")
                .isEmpty();
        assertThat(read)
                .as("who reads the auth credentials")
                .contains(
                        "mlflow MLFLOW_AUTH_ADMIN_PASSWORD",
                        "mlflow MLFLOW_FLASK_SERVER_SECRET_KEY",
                        "auth-config MLFLOW_AUTH_ADMIN_PASSWORD",
                        "tracking-roundtrip MLFLOW_TRACKING_PASSWORD");
        assertThat(chart.all(ConfigMap.class))
                .as("ConfigMaps holding the auth app's settings")
                .noneMatch(c -> orEmpty(c.getData()).values().stream().anyMatch(v -> v.contains("admin_password =")));
        // MLflow reads the ini the init container renders into memory; the server only reads it.
        Container init = pod.getInitContainers().get(0);
        String ini = env(mlflow, "MLFLOW_AUTH_CONFIG_PATH");
        assertThat(env(init, "MLFLOW_AUTH_CONFIG_PATH"))
                .as("where auth-config writes the ini")
                .isEqualTo(ini);
        var serverMount = mlflow.getVolumeMounts().stream()
                .filter(m -> ini.startsWith(m.getMountPath() + "/"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the server mounts nothing at " + ini));
        assertThat(serverMount.getReadOnly()).as("server mount of the ini").isTrue();
        assertThat(init.getVolumeMounts())
                .as("auth-config mounts the ini's volume")
                .anyMatch(m -> m.getName().equals(serverMount.getName()) && !Boolean.TRUE.equals(m.getReadOnly()));
        assertThat(pod.getVolumes())
                .as("the ini's volume is memory, not disk")
                .anyMatch(v -> v.getName().equals(serverMount.getName())
                        && v.getEmptyDir() != null
                        && "Memory".equals(v.getEmptyDir().getMedium()));
    }

    @Test
    void writesTheCredentialCacheIntoTheIniAsAWholeNumberOfSeconds(@TempDir Path dir) throws IOException {
        Container init = authConfig(devAuthTemplate().render());
        assertThat(init.getArgs().get(0))
                .as("auth-config's script")
                .contains("\"auth_cache_ttl_seconds\": \"MLFLOW_AUTH_CACHE_TTL_SECONDS\"");
        assertThat(env(init, "MLFLOW_AUTH_CACHE_TTL_SECONDS"))
                .as("MLflow's default")
                .isEqualTo("0");
        // Helm reads numbers in a values file as floats: a long time must not reach the ini as 1e+06, which getint
        // refuses.
        Path values = Files.writeString(dir.resolve("values.yaml"), "auth:\n  credentialCacheSeconds: 1000000\n");
        RenderedChart cached = devAuthTemplate().withValues(values).render();
        assertThat(env(authConfig(cached), "MLFLOW_AUTH_CACHE_TTL_SECONDS")).isEqualTo("1000000");
    }

    private Template devAuthTemplate() {
        return devTemplate().set("auth.enabled", true).set("auth.existingSecret", ValueCombination.AUTH_SECRET);
    }

    private static Container authConfig(RenderedChart chart) {
        return server(chart)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getInitContainers()
                .get(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("basicAuth")
    void keepsUsersInADatabaseOfTheirOwnThatTheHookJobMigratesFirst(ValueCombination values) {
        RenderedChart chart = chart(values);
        String tracking = serverArg(chart, "--backend-store-uri");
        String users = env(serverContainer(chart), "MLFLOW_AUTH_DATABASE_URI");
        assertThat(users)
                .as("auth database (tracking: %s)", tracking)
                .isNotEqualTo(tracking)
                .isEqualTo(
                        values.sqlite()
                                ? "sqlite:////mlflow/db/basic_auth.db"
                                : "postgresql+psycopg2://" + ValueCombination.DB_HOST + ":5432/mlflow_auth");
        PodSpec job = chart.only(Job.class).getSpec().getTemplate().getSpec();
        assertThat(orEmpty(job.getInitContainers()))
                .as("the migration Job's init containers")
                .singleElement()
                .satisfies(migration -> {
                    assertThat(migration.getName()).isEqualTo("auth-migration");
                    assertThat(migration.getCommand())
                            .containsExactly("python", "-m", "mlflow.server.auth", "db", "upgrade", "--url");
                    assertThat(migration.getArgs()).containsExactly(users);
                    assertThat(orEmpty(migration.getEnv()))
                            .as("auth migration env: the tracking migration's database credentials")
                            .isEqualTo(orEmpty(job.getContainers().get(0).getEnv()));
                    assertThat(orEmpty(migration.getVolumeMounts()))
                            .isEqualTo(orEmpty(job.getContainers().get(0).getVolumeMounts()));
                });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void recreatesPodsWhenStorageHasASingleWriter(ValueCombination values) {
        Deployment server = server(chart(values));
        boolean rwoClaim = orEmpty(server.getSpec().getTemplate().getSpec().getVolumes()).stream()
                .anyMatch(v -> v.getPersistentVolumeClaim() != null);
        String expected = values.sqlite() || rwoClaim ? "Recreate" : "RollingUpdate";
        assertThat(server.getSpec().getStrategy().getType())
                .as(
                        "strategy with %s",
                        values.sqlite() ? "SQLite" : rwoClaim ? "a ReadWriteOnce claim" : "external stores only")
                .isEqualTo(expected);
    }

    /**
     * A rolling update only keeps every request served when a terminating pod goes on serving until kube-proxy and
     * the Service's endpoints no longer send it new connections: a preStop sleep, with the grace period longer by the
     * 30 s the server has to finish its requests. Under Recreate the one pod has no one to hand over to, so no delay.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void keepsATerminatingPodServingWhileAnotherTakesOverUnderRollingUpdates(ValueCombination values) {
        Deployment server = server(chart(values));
        Container mlflow = serverContainer(chart(values));
        Long gracePeriod = server.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds();
        if (server.getSpec().getStrategy().getType().equals("Recreate")) {
            assertThat(mlflow.getLifecycle()).as("lifecycle under Recreate").isNull();
            assertThat(gracePeriod)
                    .as("grace period under Recreate: Kubernetes' default")
                    .isNull();
            return;
        }
        assertThat(mlflow.getLifecycle().getPreStop().getExec().getCommand())
                .as("preStop")
                .containsExactly("python", "-c", "import time; time.sleep(10)");
        assertThat(gracePeriod).as("grace period").isEqualTo(40L);
    }

    /** gc without --all-workspaces collects the default workspace only (MLflow 3.10 on), and leaves the rest. */
    @ParameterizedTest(name = "server.workspaces={0}")
    @ValueSource(booleans = {true, false})
    void runsTheServerWithWorkspacesAndCollectsGarbageInEveryOneOnlyWhenTold(boolean workspaces) {
        RenderedChart chart = prodTemplate()
                .set("gc.enabled", true)
                .setString("gc.olderThan", ValueCombination.GC_OLDER_THAN)
                .set("server.workspaces", workspaces)
                .render();
        List<String> gcArgs =
                podOf(chart.only(CronJob.class)).getContainers().get(0).getArgs();

        assertThat(serverContainer(chart).getArgs().contains("--enable-workspaces"))
                .as("server args hold --enable-workspaces")
                .isEqualTo(workspaces);
        assertThat(gcArgs.contains("--all-workspaces"))
                .as("gc args hold --all-workspaces")
                .isEqualTo(workspaces);
    }

    @Test
    void delaysShutdownAsLongAsToldAndNotAtAllAtZero() {
        RenderedChart longer =
                prodTemplate().set("server.shutdownDelaySeconds", 25).render();
        assertThat(serverContainer(longer).getLifecycle().getPreStop().getExec().getCommand())
                .containsExactly("python", "-c", "import time; time.sleep(25)");
        assertThat(server(longer).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isEqualTo(55L);
        RenderedChart off = prodTemplate().set("server.shutdownDelaySeconds", 0).render();
        assertThat(serverContainer(off).getLifecycle()).isNull();
        assertThat(server(off).getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .isNull();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("prod")
    void spreadsProdReplicasAcrossNodesUnderADisruptionBudget(ValueCombination values) {
        RenderedChart chart = chart(values);
        Deployment server = server(chart);
        assertThat(server.getSpec().getReplicas()).as("replicas").isGreaterThanOrEqualTo(2);
        assertThat(server.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getAffinity()
                        .getPodAntiAffinity()
                        .getPreferredDuringSchedulingIgnoredDuringExecution())
                .as("pod anti-affinity")
                .anySatisfy(
                        t -> assertThat(t.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        assertThat(chart.only(PodDisruptionBudget.class)
                        .getSpec()
                        .getMaxUnavailable()
                        .getIntVal())
                .as("PDB maxUnavailable")
                .isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev")
    void runsOneDevServerOnPersistentClaimsKeptOnUninstall(ValueCombination values) {
        RenderedChart chart = chart(values);
        assertThat(server(chart).getSpec().getReplicas()).as("replicas").isEqualTo(1);
        assertThat(chart.all(PodDisruptionBudget.class)).as("PDB").isEmpty();
        assertThat(chart.all(PersistentVolumeClaim.class))
                .extracting(
                        c -> c.getMetadata().getName() + " " + c.getMetadata().getAnnotations())
                .containsExactlyInAnyOrder(
                        MlflowChart.FULLNAME + "-db {argocd.argoproj.io/sync-wave=-1, helm.sh/resource-policy=keep}",
                        MlflowChart.FULLNAME + "-artifacts {helm.sh/resource-policy=keep}");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void probesHealthOnTheServerPort(ValueCombination values) {
        Container mlflow = serverContainer(chart(values));
        for (Probe probe :
                new Probe[] {mlflow.getStartupProbe(), mlflow.getLivenessProbe(), mlflow.getReadinessProbe()}) {
            assertThat(probe).as("probe").isNotNull();
            assertThat(probe.getHttpGet().getPath()).isEqualTo("/health");
            assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
        }
        assertThat(mlflow.getPorts()).anySatisfy(p -> {
            assertThat(p.getName()).isEqualTo("http");
            assertThat(p.getContainerPort()).isEqualTo(5000);
        });
    }

    /**
     * Every rollout, restore and rollback waits for new pods to pass their startup probe: it looks often, so a started
     * server is in the Service within two seconds, and still grants the whole {@code probes.startupSeconds} budget.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void noticesAStartedServerWithinTwoSecondsAndWaitsTheWholeStartupBudget(ValueCombination values)
            throws IOException {
        Probe startup = serverContainer(chart(values)).getStartupProbe();
        int startupSeconds = Mappers.YAML
                .readTree(MlflowChart.DIR.resolve("values.yaml").toFile())
                .path("probes")
                .path("startupSeconds")
                .asInt();
        assertThat(startupSeconds).as("probes.startupSeconds in values.yaml").isPositive();
        assertThat(startup.getPeriodSeconds()).as("startup probe period").isLessThanOrEqualTo(2);
        assertThat(startup.getPeriodSeconds() * startup.getFailureThreshold())
                .as("seconds the startup probe allows, against probes.startupSeconds")
                .isGreaterThanOrEqualTo(startupSeconds);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void hardensEveryPodAndContainer(ValueCombination values) {
        assertThat(MissingHardening.in(chart(values), values.image().reference, values.tokenMounting()))
                .as("missing hardening")
                .isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void grantsTheServerNoKubernetesApiAccess(ValueCombination values) {
        RenderedChart chart = chart(values);
        assertThat(chart.objects())
                .extracting(HasMetadata::getKind)
                .doesNotContain("Role", "RoleBinding", "ClusterRole", "ClusterRoleBinding");
        assertThat(chart.only(ServiceAccount.class).getAutomountServiceAccountToken())
                .isFalse();
    }

    /**
     * Keyless S3 (IRSA, EKS Pod Identity, workload identity) trades the pod's projected service account token for
     * cloud credentials: the server mounts it exactly then, and no pod gets static keys it did not ask for.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void mountsTheServiceAccountTokenOnlyForKeylessS3(ValueCombination values) {
        RenderedChart chart = chart(values);
        boolean keyless = !values.tokenMounting().isEmpty();
        assertThat(server(chart).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken())
                .as("server pod mounts its token (keyless S3: %s)", keyless)
                .isEqualTo(keyless);
        if (keyless) {
            assertThat(Workload.all(chart))
                    .as("keyless S3: no workload reads AWS keys the chart hands out")
                    .allSatisfy(w -> assertThat(w.containers().flatMap(c -> c.getEnv().stream()))
                            .extracting(EnvVar::getName)
                            .doesNotContain("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"));
            assertThat(chart.all(Secret.class))
                    .as("keyless S3: no Secret for keys")
                    .noneMatch(secret ->
                            orEmpty(secret.getData()).keySet().stream().anyMatch(key -> key.startsWith("s3-")));
        }
    }

    /**
     * Every replica and worker decrypts webhook secrets with one key from a Secret: prod's from the Secret
     * values-prod.yaml names, dev's from one the chart draws a Fernet key into (32 bytes, URL-safe base64) and keeps
     * on uninstall with the data.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void encryptsWebhookSecretsWithOneKeyFromASecret(ValueCombination values) {
        RenderedChart chart = chart(values);
        var ref = orEmpty(serverContainer(chart).getEnv()).stream()
                .filter(e -> e.getName().equals("MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY"))
                .findFirst()
                .orElseThrow()
                .getValueFrom()
                .getSecretKeyRef();
        if (values.profile() == ValueCombination.Profile.PROD) {
            assertThat(List.of(ref.getName(), ref.getKey())).containsExactly("mlflow-webhooks", "encryption-key");
            assertThat(chart.all(Secret.class))
                    .noneMatch(secret -> secret.getMetadata().getName().equals(MlflowChart.FULLNAME + "-webhooks"));
            return;
        }
        Secret drawn = chart.all(Secret.class).stream()
                .filter(secret -> secret.getMetadata().getName().equals(ref.getName()))
                .findFirst()
                .orElseThrow();
        assertThat(drawn.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
        String key = new String(Base64.getDecoder().decode(drawn.getData().get(ref.getKey())));
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
    }

    /**
     * The gateway's provider keys stay under MLflow's built-in passphrase unless the user names a Secret; then the
     * server, and only the server, reads the passphrase and its optional version from it.
     */
    @Test
    void wrapsGatewayKeysWithThePassphraseOfTheUsersSecretOnTheServerOnly() {
        assertThat(orEmpty(serverContainer(prodTemplate().render()).getEnv()))
                .as("MLflow's built-in passphrase")
                .extracting(EnvVar::getName)
                .noneMatch(name -> name.startsWith("MLFLOW_CRYPTO_"));
        RenderedChart chart = prodTemplate()
                .setString("gateway.existingSecret", "mlflow-gateway")
                .render();
        Map<String, SecretKeySelector> read = new TreeMap<>();
        for (Workload workload : Workload.all(chart)) {
            workload.containers()
                    .forEach(container -> orEmpty(container.getEnv()).stream()
                            .filter(e -> e.getName().startsWith("MLFLOW_CRYPTO_"))
                            .forEach(e -> read.put(
                                    workload + " " + container.getName() + " " + e.getName(),
                                    e.getValueFrom().getSecretKeyRef())));
        }
        String server = "Deployment/" + MlflowChart.FULLNAME + " mlflow ";
        assertThat(read)
                .containsOnlyKeys(server + "MLFLOW_CRYPTO_KEK_PASSPHRASE", server + "MLFLOW_CRYPTO_KEK_VERSION")
                .containsEntry(
                        server + "MLFLOW_CRYPTO_KEK_PASSPHRASE",
                        new SecretKeySelector("kek-passphrase", "mlflow-gateway", null))
                .containsEntry(
                        server + "MLFLOW_CRYPTO_KEK_VERSION",
                        new SecretKeySelector("kek-version", "mlflow-gateway", true));
    }

    /** Every way in from inside the cluster and through the ingress; MLflow's own defaults stay (HostHeadersTest narrows them). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void acceptsEveryWayInAsHostHeader(ValueCombination values) {
        String svc = MlflowChart.FULLNAME;
        String ns = MlflowChart.NAMESPACE;
        List<String> expected = new ArrayList<>(List.of(
                svc + ":5000",
                svc + "." + ns + ":5000",
                svc + "." + ns + ".svc:5000",
                svc + "." + ns + ".svc.cluster.local:5000",
                "localhost:5000",
                "127.0.0.1:5000",
                "[::1]:5000",
                "10.42.0.17:5000",
                "10.43.12.9:5000",
                "172.18.0.2:30080",
                "192.168.49.2:31000"));
        values.ingressHosts().forEach(host -> expected.addAll(List.of(host, host + ":443")));
        AllowedHosts allowed = AllowedHosts.parse(env(serverContainer(chart(values)), "MLFLOW_SERVER_ALLOWED_HOSTS"));
        assertThat(expected)
                .as("Host headers MLflow would refuse with MLFLOW_SERVER_ALLOWED_HOSTS=" + allowed.entries())
                .filteredOn(host -> !allowed.accepts(host))
                .isEmpty();
    }

    /**
     * A slow request must not cost the pod its place in the Service or its life: gthread workers keep answering
     * {@code /health} while threads upload, and liveness waits out gunicorn's own worker timeout.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void probesDoNotFightSlowRequests(ValueCombination values) {
        Container mlflow = serverContainer(chart(values));
        String gunicorn = env(mlflow, "GUNICORN_CMD_ARGS");
        assertThat(gunicorn)
                .as("GUNICORN_CMD_ARGS")
                .contains("--worker-class=gthread")
                .containsPattern("--threads=([2-9]|\\d\\d+)");
        int workerTimeout = gunicornWorkerTimeout(gunicorn);
        Probe liveness = mlflow.getLivenessProbe();
        assertThat(liveness.getPeriodSeconds() * liveness.getFailureThreshold())
                .as(
                        "seconds of failed liveness checks before a restart, against gunicorn's --timeout=%d",
                        workerTimeout)
                .isGreaterThan(workerTimeout);
    }

    /**
     * MLflow 2.x's CLI, PID 1 in the server container, has no SIGTERM handler, so it would ignore SIGTERM and every
     * rollout, scale-down and uninstall would wait out the grace period: the CLI runs under a handler, installed
     * before MLflow's code, that passes SIGTERM to the process group gunicorn and its workers share with it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void passesSigtermFromTheCliToTheServerProcesses(ValueCombination values) {
        Container mlflow = serverContainer(chart(values));
        assertThat(mlflow.getCommand()).as("server command").hasSize(3).startsWith("python", "-c");
        List<String> launcher =
                mlflow.getCommand().get(2).lines().map(String::strip).toList();
        assertThat(launcher)
                .as("launcher script")
                .containsSubsequence(
                        "os.killpg(0, signum)",
                        "signal.signal(signal.SIGTERM, stop)",
                        "sys.argv[0] = \"mlflow\"",
                        "cli()")
                .contains("from mlflow.cli import cli");
        assertThat(mlflow.getArgs()).as("server args").first().isEqualTo("server");
    }

    /** A large artifact must not meet 413 (body size) or 504 (timeouts) at an ingress-nginx or HAProxy ingress. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void ingressLetsLargeUploadsThrough(ValueCombination values) {
        RenderedChart chart = chart(values);
        if (!values.ingress()) {
            assertThat(chart.all(Ingress.class)).isEmpty();
            return;
        }
        Map<String, String> annotations =
                chart.only(Ingress.class).getMetadata().getAnnotations();
        int workerTimeout = gunicornWorkerTimeout(env(serverContainer(chart), "GUNICORN_CMD_ARGS"));
        assertThat(annotations)
                .as("Ingress annotations")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "0")
                .containsEntry("nginx.ingress.kubernetes.io/proxy-request-buffering", "off")
                .containsEntry("haproxy.org/timeout-server", workerTimeout + "s");
        for (String timeout : List.of(
                "nginx.ingress.kubernetes.io/proxy-read-timeout", "nginx.ingress.kubernetes.io/proxy-send-timeout")) {
            assertThat(Integer.parseInt(annotations.get(timeout)))
                    .as("%s against the server's --timeout=%d", timeout, workerTimeout)
                    .isGreaterThanOrEqualTo(workerTimeout);
        }
    }

    /** TLS and proxy settings reach the database the same way from the Job as from the server. */
    @Test
    void migrationJobGetsTheServersEnvironment() {
        RenderedChart chart = helm.template(MlflowChart.DIR)
                .named(MlflowChart.RELEASE)
                .inNamespace(MlflowChart.NAMESPACE)
                .withValues(MlflowChart.PROD_VALUES)
                .set("postgresql.external.host", ValueCombination.DB_HOST)
                .set("minio.external.endpoint", ValueCombination.S3_ENDPOINT)
                .set("server.extraEnv[0].name", "PGSSLMODE")
                .set("server.extraEnv[0].value", "verify-full")
                .set("server.extraEnv[1].name", "HTTPS_PROXY")
                .set("server.extraEnv[1].value", "http://proxy.example.com:3128")
                .render();
        List<EnvVar> jobEnv = orEmpty(chart.only(Job.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv());
        // What only serving needs: the HTTP server's settings, the artifact store (the Job never touches it) and the
        // webhook secrets' key (migrations add webhook columns, never decrypt one: db_migrations/versions, 3.17.2).
        List<String> servingOnly =
                List.of("MLFLOW_SERVER_", "GUNICORN_", "MLFLOW_S3_", "AWS_", "MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY");
        assertThat(jobEnv)
                .as("migration Job env")
                .containsAll(orEmpty(serverContainer(chart).getEnv()).stream()
                        .filter(e -> servingOnly.stream().noneMatch(e.getName()::startsWith))
                        .toList());
    }

    @Test
    void keepsMlflowsDefaultHostsUnlessNarrowed() {
        String podIp = "10.42.0.17:5000";
        String publicLoadBalancer = "203.0.113.7:5000";
        String service = MlflowChart.FULLNAME + "." + MlflowChart.NAMESPACE + ".svc:5000";
        AllowedHosts defaults = allowedHosts(devTemplate());
        assertThat(List.of(podIp, "[::1]:5000", service))
                .as("refused by " + defaults)
                .allMatch(defaults::accepts);
        assertThat(List.of(publicLoadBalancer, "evil.example.com:5000"))
                .as("accepted by " + defaults)
                .noneMatch(defaults::accepts);
        AllowedHosts narrowed = allowedHosts(devTemplate()
                .set("server.defaultAllowedHosts", false)
                .setString("server.allowedHosts[0]", "203.0.113.7:*"));
        assertThat(List.of(service, "localhost:5000", publicLoadBalancer))
                .as("refused by " + narrowed)
                .allMatch(narrowed::accepts);
        assertThat(narrowed.accepts(podIp))
                .as(podIp + " accepted by " + narrowed)
                .isFalse();
    }

    /** Helm passes a parent's {@code global} values into every subchart; the strict schema must take them. */
    @Test
    void rendersAsASubchartOfAnotherChart(@TempDir Path parent) throws IOException {
        Files.writeString(parent.resolve("Chart.yaml"), "apiVersion: v2\nname: platform\nversion: 1.0.0\n");
        Path subchart = parent.resolve("charts/mlflow");
        try (Stream<Path> files = Files.walk(MlflowChart.DIR)) {
            for (Path file : files.toList()) {
                Path copy = subchart.resolve(MlflowChart.DIR.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
        RenderedChart rendered = helm.template(parent)
                .named(MlflowChart.RELEASE)
                .inNamespace(MlflowChart.NAMESPACE)
                .setString("global.imageRegistry", "registry.example.com")
                .render();
        assertThat(rendered.only(Deployment.class).getMetadata().getName()).isEqualTo(MlflowChart.FULLNAME);
    }

    private Template prodTemplate() {
        return helm.template(MlflowChart.DIR)
                .named(MlflowChart.RELEASE)
                .inNamespace(MlflowChart.NAMESPACE)
                .withValues(MlflowChart.PROD_VALUES)
                .set("postgresql.external.host", ValueCombination.DB_HOST)
                .set("minio.external.endpoint", ValueCombination.S3_ENDPOINT);
    }

    private Template devTemplate() {
        return helm.template(MlflowChart.DIR)
                .named(MlflowChart.RELEASE)
                .inNamespace(MlflowChart.NAMESPACE)
                .withValues(MlflowChart.DEV_VALUES);
    }

    private static AllowedHosts allowedHosts(Template template) {
        return AllowedHosts.parse(env(serverContainer(template.render()), "MLFLOW_SERVER_ALLOWED_HOSTS"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void proxiesArtifactsToTheConfiguredStore(ValueCombination values) {
        RenderedChart chart = chart(values);
        Container mlflow = serverContainer(chart);
        assertThat(mlflow.getArgs())
                .as("server args")
                .contains("--serve-artifacts")
                .noneMatch(a -> a.startsWith("--default-artifact-root"));
        if (values.sqlite()) {
            assertThat(serverArg(chart, "--backend-store-uri")).isEqualTo("sqlite:////mlflow/db/mlflow.db");
            assertThat(serverArg(chart, "--artifacts-destination")).isEqualTo("/mlflow/artifacts");
            assertThat(mlflow.getVolumeMounts())
                    .extracting(m -> m.getMountPath())
                    .contains("/mlflow/db", "/mlflow/artifacts");
        } else {
            assertThat(serverArg(chart, "--backend-store-uri"))
                    .isEqualTo("postgresql+psycopg2://" + ValueCombination.DB_HOST + ":5432/mlflow");
            assertThat(serverArg(chart, "--artifacts-destination")).isEqualTo("s3://mlflow");
            assertThat(env(mlflow, "MLFLOW_S3_ENDPOINT_URL")).isEqualTo(ValueCombination.S3_ENDPOINT);
            assertThat(mlflow.getEnv()).extracting(EnvVar::getName).contains("PGUSER", "PGPASSWORD");
            if (values.staticS3Keys()) {
                assertThat(mlflow.getEnv())
                        .extracting(EnvVar::getName)
                        .contains("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void testsTheTrackingApiThroughTheService(ValueCombination values) {
        RenderedChart chart = chart(values);
        Pod test = chart.only(Pod.class);
        assertThat(test.getMetadata().getAnnotations()).containsEntry("helm.sh/hook", "test");
        Container client = test.getSpec().getContainers().get(0);
        assertThat(env(client, "MLFLOW_TRACKING_URI")).isEqualTo("http://" + MlflowChart.FULLNAME + ":5000");
        String script = chart.only(ConfigMap.class).getData().get("tracking_roundtrip.py");
        assertThat(client.getCommand()).containsExactly("python", "/scripts/tracking_roundtrip.py");
        assertThat(script)
                .as("helm test script")
                .contains("log_param(", "log_metric(", "log_artifact(", "get_run(", "download_artifacts(");
        List<String> env =
                orEmpty(client.getEnv()).stream().map(EnvVar::getName).toList();
        if (values.auth()) {
            assertThat(env).as("test pod env").contains("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD");
            assertThat(script).as("helm test script").contains("refused.code == 401");
        } else {
            assertThat(env).as("test pod env").doesNotContain("MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void admitsOnlyTheServerPortAndTheTestPodThroughTheNetworkPolicy(ValueCombination values) {
        RenderedChart chart = chart(values);
        List<NetworkPolicy> policies = chart.all(NetworkPolicy.class);
        if (!values.networkPolicy()) {
            assertThat(policies).as("NetworkPolicy when disabled").isEmpty();
            return;
        }
        var rule = policies.get(0).getSpec().getIngress().get(0);
        assertThat(rule.getPorts()).extracting(p -> p.getPort().getStrVal()).containsExactly("http");
        Map<String, String> testPod = chart.only(Pod.class).getMetadata().getLabels();
        assertThat(orEmpty(rule.getFrom()))
                .as("peers admitted")
                .extracting(NetworkPolicyPeer::getPodSelector)
                .anyMatch(selector -> selector != null && SelectorMismatches.selects(selector, testPod));
        // gc deletes proxied artifacts through the server: its pods must get through too.
        for (CronJob gc : chart.all(CronJob.class)) {
            Map<String, String> gcPod = gc.getSpec()
                    .getJobTemplate()
                    .getSpec()
                    .getTemplate()
                    .getMetadata()
                    .getLabels();
            assertThat(orEmpty(rule.getFrom()))
                    .as("peers admitting the gc pods %s", gcPod)
                    .extracting(NetworkPolicyPeer::getPodSelector)
                    .anyMatch(selector -> selector != null && SelectorMismatches.selects(selector, gcPod));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void servesMetricsOnTheServerPortFromAFreshWritableDirectory(ValueCombination values) {
        RenderedChart chart = chart(values);
        Container mlflow = serverContainer(chart);
        List<String> exposed = mlflow.getArgs().stream()
                .filter(a -> a.startsWith("--expose-prometheus"))
                .toList();
        assertThat(mlflow.getPorts())
                .as("server ports: metrics share the http port")
                .extracting(p -> p.getName())
                .containsExactly("http");
        if (!values.metricsAndGc()) {
            assertThat(exposed).as("--expose-prometheus when metrics are off").isEmpty();
            assertThat(serviceMonitors(chart))
                    .as("ServiceMonitors when metrics are off")
                    .isEmpty();
            return;
        }
        assertThat(exposed).as("--expose-prometheus").hasSize(1);
        String dir = serverArg(chart, "--expose-prometheus");
        // prometheus_client keeps each worker's counters there: writable on a read-only root, empty at each start.
        String volume = mlflow.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(dir))
                .map(m -> m.getName())
                .findFirst()
                .orElseThrow(() -> new AssertionError(
                        "no volume mounted at the multiprocess directory " + dir + ": " + mlflow.getVolumeMounts()));
        assertThat(server(chart).getSpec().getTemplate().getSpec().getVolumes())
                .as("volume %s", volume)
                .filteredOn(v -> v.getName().equals(volume))
                .singleElement()
                .satisfies(v -> assertThat(v.getEmptyDir())
                        .as("%s is an emptyDir", volume)
                        .isNotNull());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void monitorsTheServiceByItsLabelsAndPortName(ValueCombination values) {
        RenderedChart chart = chart(values);
        if (!values.metricsAndGc()) {
            return;
        }
        Service service = chart.only(Service.class);
        JsonNode monitor = Mappers.JSON.valueToTree(serviceMonitors(chart).stream()
                .reduce((a, b) -> {
                    throw new AssertionError("two ServiceMonitors");
                })
                .orElseThrow(() -> new AssertionError("no ServiceMonitor with metrics.serviceMonitor.enabled")));
        assertThat(monitor.at("/apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        Map<String, String> matchLabels = Mappers.JSON.convertValue(
                monitor.at("/spec/selector/matchLabels"), new TypeReference<Map<String, String>>() {});
        assertThat(SelectorMismatches.selects(
                        new LabelSelector(List.of(), matchLabels),
                        service.getMetadata().getLabels()))
                .as(
                        "ServiceMonitor selector %s selects Service labels %s",
                        matchLabels, service.getMetadata().getLabels())
                .isTrue();
        assertThat(monitor.at("/spec/namespaceSelector/matchNames").toString())
                .isEqualTo("[\"" + MlflowChart.NAMESPACE + "\"]");
        JsonNode endpoints = monitor.at("/spec/endpoints");
        assertThat(endpoints.size()).as("endpoints").isEqualTo(1);
        assertThat(endpoints.get(0).path("port").asText())
                .as("endpoint port: the Service port's name")
                .isEqualTo(service.getSpec().getPorts().get(0).getName());
        assertThat(endpoints.get(0).path("path").asText()).isEqualTo("/metrics");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void collectsGarbageWithTheServersBackendThroughItsService(ValueCombination values) {
        RenderedChart chart = chart(values);
        List<CronJob> cronJobs = chart.all(CronJob.class);
        if (!values.metricsAndGc()) {
            assertThat(cronJobs).as("CronJobs when gc is off").isEmpty();
            return;
        }
        CronJob gc = chart.only(CronJob.class);
        assertThat(gc.getSpec().getConcurrencyPolicy())
                .as("two gc runs at once")
                .isEqualTo("Forbid");
        assertThat(gc.getSpec().getJobTemplate().getSpec().getActiveDeadlineSeconds())
                .as("activeDeadlineSeconds")
                .isNotNull()
                .isPositive();
        PodSpec pod = podOf(gc);
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        Container container = pod.getContainers().get(0);
        assertThat(container.getCommand()).containsExactly("mlflow");
        // MLflow 2.9.2's gc creates ./mlruns (found on k3s: "Read-only file system: './mlruns'").
        assertThat(container.getVolumeMounts())
                .as("a writable mount at the gc container's working directory %s", container.getWorkingDir())
                .anyMatch(m -> m.getMountPath().equals(container.getWorkingDir()));
        assertThat(container.getArgs())
                .as("gc args")
                .containsExactly(
                        "gc",
                        "--backend-store-uri=" + serverArg(chart, "--backend-store-uri"),
                        "--older-than=" + ValueCombination.GC_OLDER_THAN);
        Service service = chart.only(Service.class);
        assertThat(env(container, "MLFLOW_TRACKING_URI"))
                .as("where gc deletes proxied artifacts: the server, by its Service")
                .isEqualTo("http://" + service.getMetadata().getName() + ":"
                        + service.getSpec().getPorts().get(0).getPort());
        Set<String> backendEnv =
                Set.of("PGUSER", "PGPASSWORD", "MLFLOW_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY");
        assertThat(orEmpty(container.getEnv()).stream().filter(e -> backendEnv.contains(e.getName())))
                .as("the gc container's backend env, as the server's")
                .containsExactlyInAnyOrderElementsOf(
                        orEmpty(serverContainer(chart).getEnv()).stream()
                                .filter(e -> backendEnv.contains(e.getName()))
                                .toList());
        if (values.auth()) {
            assertThat(container.getEnv())
                    .as("basic auth: the admin gc deletes proxied artifacts as")
                    .anySatisfy(e -> {
                        assertThat(e.getName()).isEqualTo("MLFLOW_TRACKING_PASSWORD");
                        assertThat(e.getValueFrom().getSecretKeyRef().getName())
                                .isEqualTo(ValueCombination.AUTH_SECRET);
                    });
        }
        assertThat(container.getEnvFrom())
                .as("envFrom, as the server's")
                .isEqualTo(serverContainer(chart).getEnvFrom());
        if (values.sqlite()) {
            assertThat(claims(pod))
                    .as("claims the SQLite gc mounts")
                    .containsExactly(MlflowChart.FULLNAME + "-db")
                    .isSubsetOf(claims(server(chart).getSpec().getTemplate().getSpec()));
            assertThat(pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution())
                    .as("the SQLite gc must run on the server's node, where its ReadWriteOnce claim is attached")
                    .singleElement()
                    .satisfies(term -> assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname"));
        } else {
            assertThat(claims(pod)).as("claims the gc mounts beside PostgreSQL").isEmpty();
        }
    }

    private static List<HasMetadata> serviceMonitors(RenderedChart chart) {
        return chart.objects().stream()
                .filter(o -> "ServiceMonitor".equals(o.getKind()))
                .toList();
    }

    private static Deployment server(RenderedChart chart) {
        return chart.only(Deployment.class);
    }

    /** The pod each run of {@code cronJob} starts. */
    private static PodSpec podOf(CronJob cronJob) {
        return cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec();
    }

    private static Container serverContainer(RenderedChart chart) {
        return server(chart).getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("mlflow"))
                .findFirst()
                .orElseThrow();
    }

    private static String serverArg(RenderedChart chart, String flag) {
        return serverContainer(chart).getArgs().stream()
                .filter(a -> a.startsWith(flag + "="))
                .map(a -> a.substring(flag.length() + 1))
                .findFirst()
                .orElseThrow(() -> new AssertionError("server args lack " + flag + ": "
                        + serverContainer(chart).getArgs()));
    }

    private static String env(Container container, String name) {
        return orEmpty(container.getEnv()).stream()
                .filter(e -> e.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError(container.getName() + " has no env " + name + ": " + container.getEnv()));
    }

    /** The --timeout of GUNICORN_CMD_ARGS: gunicorn's worker timeout, which probes and ingress must outwait. */
    private static int gunicornWorkerTimeout(String gunicornCmdArgs) {
        return Integer.parseInt(gunicornCmdArgs.replaceAll(".*--timeout=(\\d+).*", "$1"));
    }

    /** fabric8 8 leaves absent lists and maps null. */
    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    private static List<String> claims(PodSpec pod) {
        return orEmpty(pod.getVolumes()).stream()
                .filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName())
                .toList();
    }
}
