package io.mlflowchart.harness.availability;

import io.mlflowchart.harness.mlflow.BasicAuth;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.entity.ContentType;
import org.apache.http.entity.StringEntity;
import org.apache.http.impl.NoConnectionReuseStrategy;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;

/**
 * A background client that reads and writes one MLflow run at a steady rate while something else happens to the
 * server, and records every request ({@link Request}). Reads are {@code runs/get} of the run (a database read on every
 * server version); writes are {@code runs/log-metric} of metric {@link #METRIC} with a step numbered from 0, so each
 * write is told apart when read back. One request every {@link #INTERVAL}, reads and writes in turn: cheap on a
 * small machine, and steady enough that a gap of a second shows. Each request opens a connection of its own and
 * none is sent again: through a Service, the connection is what kube-proxy balances, so each request finds a pod as a
 * new user would, and a failure is the server's or the route's. (A client that keeps connections alive meets a race
 * that is HTTP's, not the chart's: the server closes an idle connection while the client sends on it; clients retry
 * such requests, MLflow's own among them.)
 */
public final class Traffic implements AutoCloseable {

    /** The metric every write logs, one step per write. */
    public static final String METRIC = "availability-probe";

    static final Duration INTERVAL = Duration.ofMillis(250);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final CloseableHttpClient http = HttpClients.custom()
            .setConnectionReuseStrategy(NoConnectionReuseStrategy.INSTANCE)
            .disableAutomaticRetries()
            .disableRedirectHandling()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setConnectTimeout((int) CONNECT_TIMEOUT.toMillis())
                    .setConnectionRequestTimeout((int) CONNECT_TIMEOUT.toMillis())
                    .setSocketTimeout((int) REQUEST_TIMEOUT.toMillis())
                    .build())
            .build();

    private final URI api;

    private final Optional<String> authorization;

    private final String runId;

    private final List<Request> requests = new ArrayList<>();

    private final ScheduledExecutorService timer;

    private final Instant started = Instant.now();

    private long tick;

    private long writes;

    private Traffic(URI baseUri, Optional<BasicAuth> user, String runId, String name) {
        this.api = baseUri.resolve("/api/2.0/mlflow/");
        this.authorization = user.map(u -> "Basic "
                + Base64.getEncoder()
                        .encodeToString((u.username() + ":" + u.password()).getBytes(StandardCharsets.UTF_8)));
        this.runId = runId;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts reading and writing run {@code runId} of the MLflow at {@code baseUri}, as {@code user} if given. */
    public static Traffic start(URI baseUri, Optional<BasicAuth> user, String runId, String threadName) {
        Traffic traffic = new Traffic(baseUri, user, runId, threadName);
        traffic.timer.scheduleWithFixedDelay(traffic::next, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return traffic;
    }

    /** Stops sending, waits for the request under way, and returns the figures of everything sent. */
    public Recording stop() {
        close();
        synchronized (requests) {
            return new Recording(started, Instant.now(), List.copyOf(requests));
        }
    }

    /** How many requests were sent and ended so far. */
    int sent() {
        synchronized (requests) {
            return requests.size();
        }
    }

    @Override
    public void close() {
        timer.shutdown();
        try {
            if (!timer.awaitTermination(REQUEST_TIMEOUT.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS)) {
                timer.shutdownNow();
            }
        } catch (InterruptedException e) {
            timer.shutdownNow();
            Thread.currentThread().interrupt();
        } finally {
            try {
                http.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void next() {
        Request request = tick++ % 2 == 0 ? read() : write(writes++);
        synchronized (requests) {
            requests.add(request);
        }
    }

    private Request read() {
        Instant sent = Instant.now();
        long start = System.nanoTime();
        String outcome = send(new HttpGet(api.resolve("runs/get?run_id=" + runId)));
        return Request.read(sent, (System.nanoTime() - start) / 1_000_000, outcome);
    }

    private Request write(long sequence) {
        String body = "{\"run_id\":\"" + runId + "\",\"key\":\"" + METRIC + "\",\"value\":" + sequence
                + ",\"timestamp\":" + System.currentTimeMillis() + ",\"step\":" + sequence + "}";
        Instant sent = Instant.now();
        long start = System.nanoTime();
        HttpPost post = new HttpPost(api.resolve("runs/log-metric"));
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON.withCharset((String) null)));
        String outcome = send(post);
        return Request.write(sent, (System.nanoTime() - start) / 1_000_000, outcome, sequence);
    }

    private String send(HttpUriRequest request) {
        authorization.ifPresent(value -> request.setHeader("Authorization", value));
        try (CloseableHttpResponse response = http.execute(request)) {
            EntityUtils.consume(response.getEntity());
            return Request.Outcome.ofStatus(response.getStatusLine().getStatusCode());
        } catch (IOException | RuntimeException e) {
            return Request.Outcome.of(e);
        }
    }

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    /** What a client sent between {@code started} and {@code stopped}. */
    public record Recording(Instant started, Instant stopped, List<Request> requests) {

        public Recording {
            requests = List.copyOf(requests);
        }

        /** The writes MLflow acknowledged (answered 2xx), by the metric step each logged. */
        public List<Long> acknowledged() {
            return requests.stream()
                    .filter(r -> r.kind() == Request.Kind.WRITE && r.ok())
                    .map(Request::sequence)
                    .toList();
        }

        public Availability figures(String route) {
            return Availability.of(route, requests, started, stopped);
        }

        /**
         * The failed requests, at most {@code limit}, each as {@code 22:45:24.512Z read: connection reset}: when, to
         * line them up with the pods' logs and events.
         */
        public String failures(int limit) {
            List<String> failed = requests.stream()
                    .filter(r -> !r.ok())
                    .map(r ->
                            TIME.format(r.sent()) + " " + r.kind().name().toLowerCase(Locale.ROOT) + ": " + r.outcome())
                    .toList();
            return failed.size() <= limit
                    ? String.join("; ", failed)
                    : String.join("; ", failed.subList(0, limit)) + "; and " + (failed.size() - limit) + " more";
        }
    }
}
