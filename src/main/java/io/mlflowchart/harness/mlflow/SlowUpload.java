package io.mlflowchart.harness.mlflow;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;

/**
 * An artifact upload whose body arrives piece by piece over a given time, as from a client on a slow link: the
 * server holds a worker (a thread, or a whole sync worker process on MLflow 2.x's gunicorn) for all that time.
 * The length is declared up front, so the server stores the file only once the last piece arrived.
 */
public final class SlowUpload {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private SlowUpload() {}

    /**
     * Starts a PUT of {@code content} to {@code url}, in {@code pieces} parts sent one {@code interval} apart on
     * {@code pace}; completes with MLflow's answer.
     */
    public static CompletableFuture<HttpResponse<String>> start(
            URI url, byte[] content, int pieces, Duration interval, ScheduledExecutorService pace) {
        int pieceSize = (content.length + pieces - 1) / pieces;
        // The pieces are scheduled when the HTTP client subscribes to the body: a SubmissionPublisher drops what is
        // submitted before anyone subscribed.
        Flow.Publisher<ByteBuffer> body = subscriber -> {
            SubmissionPublisher<ByteBuffer> parts = new SubmissionPublisher<>();
            parts.subscribe(subscriber);
            for (int piece = 0; piece < pieces; piece++) {
                byte[] part = Arrays.copyOfRange(
                        content,
                        Math.min(piece * pieceSize, content.length),
                        Math.min((piece + 1) * pieceSize, content.length));
                pace.schedule(
                        () -> parts.submit(ByteBuffer.wrap(part)), piece * interval.toMillis(), TimeUnit.MILLISECONDS);
            }
            pace.schedule(parts::close, pieces * interval.toMillis(), TimeUnit.MILLISECONDS);
        };
        HttpRequest request = HttpRequest.newBuilder(url)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.fromPublisher(body, content.length))
                .build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }
}
