package io.mlflowchart.harness.scenario.steps;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlflowchart.harness.cluster.OneShotPod;
import io.mlflowchart.harness.mlflow.DataSnapshot;
import io.mlflowchart.harness.mlflow.MlflowException;
import io.mlflowchart.harness.mlflow.ServerMetrics;
import io.mlflowchart.harness.scenario.ChartRelease;
import io.mlflowchart.harness.scenario.ScenarioRun;
import io.mlflowchart.harness.scenario.Step;
import io.mlflowchart.harness.scenario.StepFailure;
import io.mlflowchart.harness.scenario.StepKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Scrapes {@code /metrics} through the release's Service from a pod in its namespace, as Prometheus would, before
 * and after asking for {@value #PROBES} runs that do not exist: the text must be Prometheus' format and count exactly
 * those {@value #PROBES} answers 404, summed over all the server's worker processes, and count the runs the scenario
 * created before. Not its artifact uploads: MLflow 3.x serves the artifact proxy's uploads and downloads from FastAPI
 * routes, which the Flask exporter never sees. Needs one server replica: every pod counts only the requests it
 * served.
 */
public final class ScrapeMetrics extends StepKind {

    static final int PROBES = 12;

    public ScrapeMetrics() {
        super(
                "scrape-metrics",
                "scrapes /metrics through the Service from a pod and finds the requests the scenario made counted");
    }

    @Override
    public DataSnapshot.Counts run(ScenarioRun run, Step step) {
        ChartRelease release = run.release();
        Deployment server = run.kubernetes()
                .apps()
                .deployments()
                .inNamespace(release.namespace())
                .withName(release.layout().deployment())
                .require();
        int replicas = server.getSpec().getReplicas();
        if (replicas != 1) {
            throw new IllegalStateException("scrape-metrics needs one server replica (replicaCount: 1 in the"
                    + " scenario's values): each pod counts only the requests it served, and the Service sends each"
                    + " request to any of them; release " + release.name() + " runs " + replicas);
        }
        String image =
                server.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
        String url =
                "http://" + release.layout().service() + ":" + release.layout().port() + "/metrics";

        ServerMetrics before = scrape(run, image, url, "before");
        for (int i = 0; i < PROBES; i++) {
            String absent = String.format("%032x", i);
            try {
                run.mlflow().run(absent);
                throw new IllegalStateException("MLflow found run " + absent + ", which nobody created");
            } catch (MlflowException expected) {
                if (expected.status() != 404) {
                    throw expected;
                }
            }
        }
        ServerMetrics after = scrape(run, image, url, "after");

        List<String> wrong = new ArrayList<>();
        if (!"counter".equals(after.types().get(ServerMetrics.REQUESTS))) {
            wrong.add(ServerMetrics.REQUESTS + " is not declared a counter: " + after.types());
        }
        long probesCounted = after.requests("GET", 404) - before.requests("GET", 404);
        if (probesCounted != PROBES) {
            wrong.add("GET answered 404 counted " + probesCounted + " times for the " + PROBES + " made in between");
        }
        DataSnapshot.Counts written = run.expected().current().counts();
        if (written.runs() > 0 && after.requests("POST", 200) < written.runs()) {
            wrong.add("POST answered 200 counted " + after.requests("POST", 200) + " times, fewer than the "
                    + written.runs() + " runs created");
        }
        if (!wrong.isEmpty()) {
            throw new StepFailure(url + " does not count the scenario's requests (scrapes saved as metrics-*.txt):\n  "
                    + String.join("\n  ", wrong));
        }
        run.evidence()
                .note(ServerMetrics.REQUESTS + " through " + url + ": " + PROBES + " probes counted; POST 200: "
                        + after.requests("POST", 200));
        return null;
    }

    /** {@code /metrics} as a pod beside the server reads it, with the server image's Python. */
    private static ServerMetrics scrape(ScenarioRun run, String image, String url, String when) {
        OneShotPod.PodOutcome outcome = new OneShotPod("scrape-metrics-" + when, image)
                .command(
                        "python",
                        "-c",
                        "import sys, urllib.request;"
                                + " sys.stdout.write(urllib.request.urlopen(sys.argv[1], timeout=30).read().decode())",
                        url)
                .run(run.kubernetes(), run.release().namespace());
        run.evidence().save("metrics-" + when + ".txt", outcome.log());
        if (!outcome.succeeded()) {
            throw new StepFailure(
                    "could not scrape " + url + " from a pod (" + outcome.phase() + "):\n" + outcome.log());
        }
        try {
            return ServerMetrics.parse(outcome.log());
        } catch (IllegalArgumentException notMetrics) {
            throw new StepFailure(url + " did not answer Prometheus text: " + notMetrics.getMessage());
        }
    }
}
