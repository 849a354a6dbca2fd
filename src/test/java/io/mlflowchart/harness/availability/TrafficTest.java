package io.mlflowchart.harness.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.mlflowchart.harness.mlflow.BasicAuth;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a stand-in MLflow on this host: what it sends, and what it records when nothing answers. */
class TrafficTest {

    private final List<String> received = new CopyOnWriteArrayList<>();

    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsAndWritesInTurnAsTheUserAndRecordsEachAnswer() throws Exception {
        URI base = serve(503);

        Traffic traffic = Traffic.start(base, Optional.of(new BasicAuth("admin", "secret")), "run-1", "traffic test");
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 4);
        Traffic.Recording recording = traffic.stop();

        assertThat(received.subList(0, 4))
                .containsExactly(
                        "GET /api/2.0/mlflow/runs/get?run_id=run-1 Basic YWRtaW46c2VjcmV0 ",
                        "POST /api/2.0/mlflow/runs/log-metric Basic YWRtaW46c2VjcmV0 {\"run_id\":\"run-1\","
                                + "\"key\":\"availability-probe\",\"value\":0,\"timestamp\":<now>,\"step\":0}",
                        "GET /api/2.0/mlflow/runs/get?run_id=run-1 Basic YWRtaW46c2VjcmV0 ",
                        "POST /api/2.0/mlflow/runs/log-metric Basic YWRtaW46c2VjcmV0 {\"run_id\":\"run-1\","
                                + "\"key\":\"availability-probe\",\"value\":1,\"timestamp\":<now>,\"step\":1}");
        assertThat(recording.requests()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(recording.requests().subList(0, 4))
                .extracting(Request::kind, Request::outcome)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Request.Kind.READ, "ok"),
                        org.assertj.core.groups.Tuple.tuple(Request.Kind.WRITE, "http 503"),
                        org.assertj.core.groups.Tuple.tuple(Request.Kind.READ, "ok"),
                        org.assertj.core.groups.Tuple.tuple(Request.Kind.WRITE, "http 503"));
        assertThat(recording.acknowledged()).as("no write was answered 2xx").isEmpty();
    }

    @Test
    void recordsRefusedConnectionsWhenNothingListens() throws Exception {
        URI base = serve(200);
        server.stop(0);
        server = null;

        Traffic traffic = Traffic.start(base, Optional.empty(), "run-1", "traffic test");
        await().atMost(Duration.ofSeconds(10)).until(() -> traffic.sent() >= 3);
        Traffic.Recording recording = traffic.stop();

        assertThat(recording.requests())
                .isNotEmpty()
                .allSatisfy(request -> assertThat(request.outcome()).isEqualTo(Request.Outcome.REFUSED));
        assertThat(recording.figures("here").longestReadGapMillis())
                .isEqualTo(Duration.between(recording.started(), recording.stopped())
                        .toMillis());
    }

    /** A stand-in MLflow answering reads 200 and writes {@code writeStatus}; returns its base URI. */
    private URI serve(int writeStatus) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                    .replaceAll("\"timestamp\":\\d+", "\"timestamp\":<now>");
            received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("Authorization") + " " + body);
            int status = exchange.getRequestMethod().equals("GET") ? 200 : writeStatus;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }
}
