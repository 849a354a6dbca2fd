package io.mlflowchart.harness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where an MLflow version's image comes from, in order: the local engine, MLflow's registry, the recipe. Each test
 * uses versions of its own: resolutions are kept for the whole run.
 */
class MlflowImagesTest {

    private HttpServer pypi;

    private final FakeDocker docker = new FakeDocker();

    private UpstreamImage upstream;

    private MlflowImages images;

    @BeforeEach
    void start() throws Exception {
        pypi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pypi.createContext("/pypi/mlflow/json", exchange -> {
            byte[] body = """
                    {"info": {"version": "3.18.0"},
                     "releases": {"2.21.3": [{}], "3.6.0": [{}], "3.7.0": [{}], "3.18.0": [{}]}}
                    """.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pypi.start();
        // A registry out of reach, as on the project's machines.
        HttpServer closed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        closed.start();
        int closedPort = closed.getAddress().getPort();
        closed.stop(0);
        upstream = new UpstreamImage(URI.create("http://127.0.0.1:" + closedPort), "mlflow/mlflow");
        images = new MlflowImages(
                MlflowRecipe.in(Path.of("images/mlflow")),
                "mlflow-harness/python:{python}-bookworm",
                Path.of("target/mlflow-images-test"),
                new PypiReleases(
                        URI.create("http://127.0.0.1:" + pypi.getAddress().getPort() + "/pypi/mlflow/json")),
                upstream,
                docker);
    }

    @AfterEach
    void stop() {
        pypi.stop(0);
    }

    @Test
    void takesALocalImageFirstAskingNoOne() {
        pypi.stop(0);
        String published = upstream.reference("v3.17.1-full");
        docker.has(published, "sha256:upstream");

        assertThat(images.resolve("3.17.1"))
                .isEqualTo(
                        new ResolvedImage("3.17.1", published, "sha256:upstream", "found in the local Docker engine"));
        assertThat(docker.builds).isEmpty();
    }

    @Test
    void prefersTheProjectsOwnLocalImageToMlflows() {
        docker.has(upstream.reference("v3.16.1-full"), "sha256:upstream");
        docker.has("localhost/mlflow-chart/mlflow:3.16.1-full", "sha256:own");

        assertThat(images.resolve("3.16.1").id()).isEqualTo("sha256:own");
    }

    @Test
    void buildsWhatNoRegistryServesOnThePythonOfTheRecipeUnderTheProjectsName() {
        ResolvedImage built = images.resolve("3.7.0");

        assertThat(docker.builds)
                .containsExactly("localhost/mlflow-chart/mlflow:3.7.0-full"
                        + " {BASE=mlflow-harness/python:3.11-bookworm, MLFLOW_VERSION=3.7.0}");
        assertThat(built.reference()).isEqualTo("localhost/mlflow-chart/mlflow:3.7.0-full");
        assertThat(built.id()).isEqualTo("sha256:built-3.7.0");
        assertThat(built.origin())
                .startsWith("built from the recipe images/mlflow on mlflow-harness/python:3.11-bookworm in ");
    }

    @Test
    void refusesAVersionPypiLacksWithoutBuilding() {
        assertThatThrownBy(() -> images.resolve("3.7.9"))
                .isInstanceOf(PypiReleases.UnavailableRelease.class)
                .hasMessageStartingWith("MLflow 3.7.9: PyPI has no such release of mlflow");
        assertThat(docker.builds).isEmpty();
    }

    @Test
    void buildsAVersionOnceForScenariosAskingAtTheSameTime() throws Exception {
        ExecutorService scenarios = Executors.newFixedThreadPool(3);
        try {
            List<Future<ResolvedImage>> asked = List.of(
                    scenarios.submit(() -> images.resolve("3.6.0")),
                    scenarios.submit(() -> images.resolve("3.6.0")),
                    scenarios.submit(() -> images.resolve("3.6.0")));
            for (Future<ResolvedImage> answer : asked) {
                assertThat(answer.get(30, TimeUnit.SECONDS).reference())
                        .isEqualTo("localhost/mlflow-chart/mlflow:3.6.0-full");
            }
        } finally {
            scenarios.shutdownNow();
        }
        assertThat(docker.builds).hasSize(1);
    }

    @Test
    void aBuildThatFailsStopsNamingTheVersionAndWhy() {
        docker.failing = "pip: ResolutionImpossible";

        assertThatThrownBy(() -> images.resolve("2.21.3"))
                .isInstanceOf(PypiReleases.UnavailableRelease.class)
                .hasMessage("MLflow 2.21.3: the recipe did not build: pip: ResolutionImpossible");
    }

    /** An engine with the images it was given and those it built. */
    private static final class FakeDocker extends LocalDocker {

        private final Map<String, String> ids = new ConcurrentHashMap<>();

        final List<String> builds = new CopyOnWriteArrayList<>();

        String failing;

        void has(String reference, String id) {
            ids.put(reference, id);
        }

        @Override
        public Optional<String> imageId(String reference) {
            return Optional.ofNullable(ids.get(reference));
        }

        @Override
        public void pull(String reference, Path log) {
            throw new AssertionError("nothing is published in this test: " + reference);
        }

        @Override
        public void build(
                Path context, Map<String, String> buildArguments, String tag, Path log, Consumer<String> progress) {
            builds.add(tag + " " + new TreeMap<>(buildArguments));
            if (failing != null) {
                throw new IllegalStateException(failing);
            }
            ids.put(tag, "sha256:built-" + buildArguments.get("MLFLOW_VERSION"));
        }
    }
}
