package io.mlflowchart.harness.images;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Whether MLflow publishes an image is asked of its registry, and a registry out of reach is an answer too. */
class UpstreamImageTest {

    private HttpServer registry;

    private UpstreamImage upstream;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/token", exchange -> {
            byte[] body = "{\"token\": \"anonymous\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        registry.createContext("/v2/mlflow/mlflow/manifests/", exchange -> {
            boolean published = exchange.getRequestURI().getPath().endsWith("/v3.17.2-full")
                    && "Bearer anonymous".equals(exchange.getRequestHeaders().getFirst("Authorization"))
                    && "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(published ? 200 : 404, -1);
            exchange.close();
        });
        registry.start();
        upstream = new UpstreamImage(
                URI.create("http://127.0.0.1:" + registry.getAddress().getPort()), "mlflow/mlflow");
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void findsAPublishedImageWithAnAnonymousToken() {
        assertThat(upstream.ask("v3.17.2-full").presence()).isEqualTo(UpstreamImage.Presence.PUBLISHED);
    }

    @Test
    void knowsAnImageMlflowDoesNotPublish() {
        assertThat(upstream.ask("v2.12.1-full"))
                .isEqualTo(new UpstreamImage.Answer(UpstreamImage.Presence.NOT_PUBLISHED, "manifest unknown"));
    }

    @Test
    void answersUnknownWhenTheRegistryIsOutOfReach() {
        registry.stop(0);
        UpstreamImage.Answer answer = upstream.ask("v3.17.2-full");
        assertThat(answer.presence()).isEqualTo(UpstreamImage.Presence.UNKNOWN);
        assertThat(answer.detail()).startsWith("not reachable (java.net.ConnectException");
    }

    @Test
    void namesTheImageAsDockerPullsIt() {
        assertThat(UpstreamImage.MLFLOW.reference("v3.8.1-full")).isEqualTo("ghcr.io/mlflow/mlflow:v3.8.1-full");
    }
}
