package io.mlflowchart.harness.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * HTTP GETs sent from a pod inside the cluster, the way other workloads reach a server: by Service name, by cluster
 * IP, by pod IP, by node port. The Host header is whatever the URL names, as for any client. The pod runs the given
 * image's Python (standard library only), so an image the release already runs needs no pull.
 * <pre>{@code
 * List<Answer> answers = new HttpFromPod(client, "ns", image).get(List.of(new Target("pod IP", "http://10.42.0.9:5000/")));
 * }</pre>
 */
public final class HttpFromPod {

    private static final String SCRIPT = script();

    private final KubernetesClient client;

    private final String namespace;

    private final String image;

    public HttpFromPod(KubernetesClient client, String namespace, String image) {
        this.client = client;
        this.namespace = namespace;
        this.image = image;
    }

    /** One URL to GET, and how a report names the way it takes. */
    public record Target(String label, String url) {}

    /** What a GET got: the HTTP status (0 when no answer came) and the start of the body or the error. */
    public record Answer(Target target, int status, String detail) {

        public boolean ok() {
            return status == 200;
        }

        @Override
        public String toString() {
            String outcome = status == 0 ? "no answer" : "HTTP " + status;
            return target.label() + " " + target.url() + ": " + outcome
                    + (detail.isBlank() ? "" : " " + detail.strip());
        }
    }

    /** GETs every target in turn from one pod; an answer for each, in order. */
    public List<Answer> get(List<Target> targets) {
        // A name of its own each time: the last pod's deletion may still be under way.
        String podName = "http-from-pod-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        OneShotPod.PodOutcome outcome = new OneShotPod(podName, image)
                .command("python3", "-c", SCRIPT)
                .env(Map.of(
                        "TARGETS",
                        json(targets.stream()
                                .map(t -> List.of(t.label(), t.url()))
                                .toList())))
                .run(client, namespace);
        List<Answer> answers = new ArrayList<>();
        for (String line : outcome.log().lines().filter(l -> l.startsWith("[")).toList()) {
            JsonNode answer = tree(line);
            answers.add(new Answer(
                    new Target(answer.get(0).asText(), answer.get(1).asText()),
                    answer.get(2).asInt(),
                    answer.get(3).asText()));
        }
        if (!outcome.succeeded() || answers.size() != targets.size()) {
            throw new IllegalStateException("pod " + namespace + "/" + podName + " (image " + image + ") ended "
                    + outcome.phase() + " after " + answers.size() + " of " + targets.size() + " requests; it logged:\n"
                    + outcome.log());
        }
        return answers;
    }

    private static String json(Object value) {
        try {
            return Mappers.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode tree(String line) {
        try {
            return Mappers.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not an answer line: " + line, e);
        }
    }

    private static String script() {
        try (InputStream in = HttpFromPod.class.getResourceAsStream("http-get.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
