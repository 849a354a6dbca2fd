package io.mlflowchart.harness.images;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A release to build must be one PyPI has; otherwise the run stops at once, naming the version and why. */
class PypiReleasesTest {

    private static final String PROJECT = """
            {"info": {"version": "3.18.0"},
             "releases": {"2.9.2": [{"yanked": false}], "3.18.0": [{"yanked": false}],
                          "2.12.0": [{"yanked": true}], "1.30.0": [{"yanked": false}]}}
            """;

    private HttpServer pypi;

    private PypiReleases releases;

    @BeforeEach
    void startPypi() throws Exception {
        pypi = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        pypi.createContext("/pypi/mlflow/json", exchange -> {
            byte[] body = PROJECT.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        pypi.start();
        releases = new PypiReleases(
                URI.create("http://127.0.0.1:" + pypi.getAddress().getPort() + "/pypi/mlflow/json"));
    }

    @AfterEach
    void stopPypi() {
        pypi.stop(0);
    }

    @Test
    void acceptsAReleasePypiHas() {
        assertThatCode(() -> releases.requireInstallable("2.9.2")).doesNotThrowAnyException();
    }

    @Test
    void refusesAReleasePypiLacksNamingTheNewest() {
        assertThatThrownBy(() -> releases.requireInstallable("2.9.9"))
                .isInstanceOf(PypiReleases.UnavailableRelease.class)
                .hasMessageStartingWith(
                        "MLflow 2.9.9: PyPI has no such release of mlflow (4 releases, the newest 3.18.0;");
    }

    @Test
    void refusesAYankedRelease() {
        assertThatThrownBy(() -> releases.requireInstallable("2.12.0"))
                .hasMessage("MLflow 2.12.0: PyPI lists the release but has no installable file of it (yanked)");
    }

    @Test
    void refusesAReleaseOlderThanTheRecipeBuildsWithoutAsking() {
        pypi.stop(0);
        assertThatThrownBy(() -> releases.requireInstallable("1.30.0"))
                .hasMessage("MLflow 1.30.0: older than 2.0, the oldest release the recipe builds");
    }

    @Test
    void saysSoWhenPypiIsOutOfReach() {
        pypi.stop(0);
        assertThatThrownBy(() -> releases.requireInstallable("2.9.2"))
                .isInstanceOf(PypiReleases.UnavailableRelease.class)
                .hasMessageStartingWith("MLflow 2.9.2: cannot reach PyPI to check it (http://127.0.0.1:");
    }
}
