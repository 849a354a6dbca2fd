package io.mlflowchart.harness.images;

import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Whether MLflow's own registry publishes an image, asked rather than guessed: {@code ghcr.io/mlflow/mlflow} has
 * {@code v<version>-full} only for recent 3.x releases (mlflow/mlflow#20196). Asks the registry's v2 API for the
 * manifest with an anonymous pull token; a registry out of reach answers {@link Presence#UNKNOWN} within seconds.
 */
public record UpstreamImage(URI registry, String repository) {

    public static final UpstreamImage MLFLOW = new UpstreamImage(URI.create("https://ghcr.io"), "mlflow/mlflow");

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static final String MANIFESTS = String.join(
            ", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v2+json");

    public enum Presence {
        PUBLISHED,
        NOT_PUBLISHED,
        UNKNOWN
    }

    /** What the answer was, and the registry's words or the error for a person. */
    public record Answer(Presence presence, String detail) {}

    /** The image's reference as {@code docker pull} takes it. */
    public String reference(String tag) {
        return registry.getAuthority() + "/" + repository + ":" + tag;
    }

    public Answer ask(String tag) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(TIMEOUT)
                .proxy(ProxySelector.getDefault())
                .build();
        try {
            HttpResponse<String> token = client.send(
                    HttpRequest.newBuilder(registry.resolve("/token?scope=repository:" + repository + ":pull"))
                            .timeout(TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (token.statusCode() != 200) {
                return new Answer(Presence.UNKNOWN, "no pull token: HTTP " + token.statusCode());
            }
            HttpResponse<Void> manifest = client.send(
                    HttpRequest.newBuilder(registry.resolve("/v2/" + repository + "/manifests/" + tag))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .header(
                                    "Authorization",
                                    "Bearer "
                                            + Mappers.JSON
                                                    .readTree(token.body())
                                                    .path("token")
                                                    .asText())
                            .header("Accept", MANIFESTS)
                            .timeout(TIMEOUT)
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return switch (manifest.statusCode()) {
                case 200 -> new Answer(Presence.PUBLISHED, "manifest found");
                case 404 -> new Answer(Presence.NOT_PUBLISHED, "manifest unknown");
                default -> new Answer(Presence.UNKNOWN, "HTTP " + manifest.statusCode() + " for the manifest");
            };
        } catch (IOException e) {
            return new Answer(Presence.UNKNOWN, "not reachable (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + registry + " for " + reference(tag), e);
        }
    }
}
