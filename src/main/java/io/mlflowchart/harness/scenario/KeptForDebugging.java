package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.cluster.ExistingCluster;
import io.mlflowchart.harness.services.PostgresServer;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code keep=true}: a failed scenario's cluster, release and services stay as the failure left them, the console says
 * how to reach them, and the run waits until Ctrl-C, when the environment's shutdown hook stops everything the harness
 * started. CI never sets it.
 */
final class KeptForDebugging {

    static final HarnessProperty KEEP = new HarnessProperty("keep", "false");

    private static final Logger LOG = LoggerFactory.getLogger(KeptForDebugging.class);

    private KeptForDebugging() {}

    /** Whether keep is set; read when a scenario is set up, so that a bad value fails before anything runs. */
    static boolean requested(Settings settings) {
        String value = KEEP.valueIn(settings);
        if (!value.equals("true") && !value.equals("false")) {
            throw new IllegalArgumentException(KEEP.name() + "=" + value + " (or " + KEEP.environmentVariable()
                    + "): allowed: " + "true (leave a failed scenario running until Ctrl-C) or false (the default)");
        }
        return Boolean.parseBoolean(value);
    }

    /** Says how to reach what the failed scenario left, then blocks until the JVM shuts down. */
    static void hold(ScenarioRun run, String failedStep) {
        Path kubeconfig = run.cluster().kubeconfigFile();
        String kubectl = "kubectl --kubeconfig " + kubeconfig;
        ChartRelease release = run.release();
        String namespace = release.namespace();
        StringBuilder text = new StringBuilder("[" + run.scenario().name() + "] keep=true: left as it was when step "
                + failedStep + " failed; Ctrl-C stops what the harness started");
        text.append("\n  kubeconfig: ").append(kubeconfig);
        text.append("\n  namespace:  ").append(namespace);
        try {
            ServerLayout layout = release.layout();
            text.append("\n  MLflow:     ").append(release.endpoint().describe());
            text.append("\n              ")
                    .append(kubectl)
                    .append(" -n ")
                    .append(namespace)
                    .append(" port-forward svc/")
                    .append(layout.service())
                    .append(' ')
                    .append(layout.port())
                    .append(':')
                    .append(layout.port());
        } catch (IllegalStateException notInstalled) {
            text.append("\n  MLflow:     ").append(notInstalled.getMessage());
        }
        if (release.hasBackends()) {
            ProdBackends backends = release.backends();
            PostgresServer postgres = run.servers().postgres();
            String database = postgres.address() + "/" + backends.database();
            text.append("\n  PostgreSQL: jdbc:postgresql://")
                    .append(database)
                    .append("\n              psql \"postgresql://")
                    .append(postgres.getUsername())
                    .append('@')
                    .append(database)
                    .append("\"  (password: ")
                    .append(kubectl)
                    .append(" -n ")
                    .append(namespace)
                    .append(" get secret ")
                    .append(ProdBackends.DATABASE_SECRET)
                    .append(" -o jsonpath='{.data.password}' | base64 -d)");
            text.append("\n  S3:         ")
                    .append(run.servers().objectStore().endpoint())
                    .append(", bucket ")
                    .append(backends.bucket())
                    .append(" (keys in the Secret ")
                    .append(ProdBackends.S3_SECRET)
                    .append(')');
        }
        if (run.cluster() instanceof ExistingCluster) {
            text.append("\n  The namespace stays in this cluster after Ctrl-C: ")
                    .append(kubectl)
                    .append(" delete namespace ")
                    .append(namespace);
        }
        LOG.warn(text.toString());
        try {
            // Never counted down: Ctrl-C runs the shutdown hooks, and the JVM halts with this thread still waiting.
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
