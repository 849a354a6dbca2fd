package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mlflowchart.harness.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BackendsTest {

    private final ScenarioLoader loader = new ScenarioLoader(Path.of("."));

    private final Scenario faults = loader.parse(Path.of("prod-faults.yaml"), """
            name: prod-faults
            description: restarts its own PostgreSQL
            profile: prod
            backends: dedicated
            steps: [install, restart-postgres]
            """);

    private final Scenario smoke = loader.parse(Path.of("prod-smoke.yaml"), """
            name: prod-smoke
            description: the shared backends
            profile: prod
            steps: [install]
            """);

    @Test
    void refusesDedicatedBackendsWhenTheRunIsGivenItsServers() {
        IllegalArgumentException refused = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> Backends.requireNoGivenServers(
                        List.of(smoke, faults),
                        settings(Map.of("postgres.endpoint", "db.example.com:5432", "s3.endpoint", "http://s3:9000"))));
        assertThat(refused.getMessage())
                .isEqualTo("prod-faults (backends: dedicated) restarts and stops a PostgreSQL and an S3 store of its"
                        + " own, which the harness starts in Docker; this run was given postgres.endpoint and"
                        + " s3.endpoint, servers the harness cannot restart, and a pass on its own containers would say"
                        + " nothing about them. Leave prod-faults out of -Dscenario=, or run it without"
                        + " postgres.endpoint and s3.endpoint.");
    }

    @Test
    void readsTheServersGivenThroughTheEnvironmentToo() {
        IllegalArgumentException refused = catchThrowableOfType(
                IllegalArgumentException.class,
                () -> Backends.requireNoGivenServers(
                        List.of(faults), new Settings(Map.of(), Map.of("S3_ENDPOINT", "http://s3:9000"))));
        assertThat(refused.getMessage()).contains("this run was given s3.endpoint, servers");
    }

    @Test
    void letsSharedBackendsRunOnGivenServersAndDedicatedOnesOnTheHarnesss() {
        assertThatCode(() -> Backends.requireNoGivenServers(
                        List.of(smoke), settings(Map.of("postgres.endpoint", "db.example.com:5432"))))
                .doesNotThrowAnyException();
        assertThatCode(() -> Backends.requireNoGivenServers(List.of(smoke, faults), settings(Map.of())))
                .doesNotThrowAnyException();
    }

    private static Settings settings(Map<String, String> properties) {
        return new Settings(properties, Map.of());
    }
}
