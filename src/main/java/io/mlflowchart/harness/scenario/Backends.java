package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.services.PostgresEndpoint;
import io.mlflowchart.harness.services.S3Endpoint;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where a prod scenario's PostgreSQL and S3 store run ({@code backends:} in its file): its own database and bucket on
 * the run's shared servers, or servers of its own, which its steps may restart or stop without another scenario
 * noticing.
 */
public enum Backends {
    /** A database and a bucket of its own on the run's PostgreSQL and S3 store: the default. */
    SHARED,
    /** A PostgreSQL and a MinIO container started for the scenario alone, and removed when it ends. */
    DEDICATED;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> yamlNames() {
        return Arrays.stream(values()).map(Backends::yamlName).toList();
    }

    /**
     * Refuses a run that was given its PostgreSQL or S3 store ({@code postgres.endpoint}, {@code s3.endpoint}) and
     * selects a scenario with dedicated backends. Such a run qualifies the chart on the servers given; a scenario on
     * containers of the harness's would say nothing about them, yet pass as if it did, and the faults it injects
     * (restarting PostgreSQL, stopping the store) cannot be done to servers the harness does not own. Refused before
     * anything starts, naming the scenarios and both ways out.
     */
    static void requireNoGivenServers(List<Scenario> selected, Settings settings) {
        List<String> given = Stream.of(PostgresEndpoint.ENDPOINT, S3Endpoint.ENDPOINT)
                .filter(setting -> !setting.valueIn(settings).isEmpty())
                .map(HarnessProperty::name)
                .toList();
        List<String> dedicated = selected.stream()
                .filter(scenario -> scenario.backends() == DEDICATED)
                .map(Scenario::name)
                .toList();
        if (!given.isEmpty() && !dedicated.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", dedicated) + " (backends: dedicated) restarts and "
                    + "stops a PostgreSQL and an S3 store of its own, which the harness starts in Docker; this run was "
                    + "given " + String.join(" and ", given) + ", servers the harness cannot restart, and a pass on "
                    + "its own containers would say nothing about them. Leave " + String.join(", ", dedicated)
                    + " out of -D" + ScenarioSelection.SETTING.name() + "=, or run it without "
                    + String.join(" and ", given) + ".");
        }
    }
}
