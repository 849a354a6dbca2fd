package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.helm.ChartCommand;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The server's CPU request on the harness's nodes. values-prod.yaml asks 500m a replica, right for production and too
 * much for a 2-core test node: one prod scenario (two replicas, one more during a rolling update) would take most of
 * it, and scenarios running at once would wait on the scheduler. The harness gives every release the dev profile's
 * request instead, after the profile and before the scenario's own values (which may set another); memory and the
 * limits stay the profile's.
 */
final class TestNodeRequests {

    static final String SERVER_CPU = "100m";

    private static final Path FILE = write();

    private TestNodeRequests() {}

    static <C extends ChartCommand<C>> C applyTo(C command) {
        return command.withValues(FILE);
    }

    private static Path write() {
        try {
            Path file = Files.createTempFile("test-node-requests-", ".yaml");
            file.toFile().deleteOnExit();
            Mappers.YAML.writeValue(file.toFile(), Map.of("resources", Map.of("requests", Map.of("cpu", SERVER_CPU))));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the test node's requests values file", e);
        }
    }
}
