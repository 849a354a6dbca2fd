package io.mlflowchart.harness.availability;

import io.mlflowchart.harness.mlflow.BasicAuth;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A background client that reads and writes one MLflow run at a steady rate while something else happens to the
 * server, and records every request ({@link Request}). Reads are {@code runs/get} of the run (a database read on every
 * server version); writes are {@code runs/log-metric} of metric {@link #METRIC} with a step numbered from 0, so each
 * write is told apart when read back. One request every {@link #INTERVAL}, reads and writes in turn: cheap on a
 * small machine, and steady enough that a gap of a second shows. Connections are kept alive between requests, as
 * MLflow's own client does; Java's client sends a read again once when a kept connection turns out closed, never a
 * write.
 */
public final class Traffic implements AutoCloseable {

    /** The metric every write logs, one step per write. */
    public static final String METRIC = "availability-probe";

    static final Duration INTERVAL = Duration.ofMillis(250);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

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
        String outcome = send(
                HttpRequest.newBuilder(api.resolve("runs/get?run_id=" + runId)).GET());
        return Request.read(sent, (System.nanoTime() - start) / 1_000_000, outcome);
    }

    private Request write(long sequence) {
        String body = "{\"run_id\":\"" + runId + "\",\"key\":\"" + METRIC + "\",\"value\":" + sequence
                + ",\"timestamp\":" + System.currentTimeMillis() + ",\"step\":" + sequence + "}";
        Instant sent = Instant.now();
        long start = System.nanoTime();
        String outcome = send(HttpRequest.newBuilder(api.resolve("runs/log-metric"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return Request.write(sent, (System.nanoTime() - start) / 1_000_000, outcome, sequence);
    }

    private String send(HttpRequest.Builder request) {
        authorization.ifPresent(value -> request.header("Authorization", value));
        try {
            HttpResponse<Void> response =
                    http.send(request.timeout(REQUEST_TIMEOUT).build(), HttpResponse.BodyHandlers.discarding());
            return Request.Outcome.ofStatus(response.statusCode());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Request.Outcome.of(e);
        } catch (Exception e) {
            return Request.Outcome.of(e);
        }
    }

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
    }
}
