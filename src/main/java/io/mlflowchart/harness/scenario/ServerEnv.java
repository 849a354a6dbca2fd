package io.mlflowchart.harness.scenario;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.util.List;
import java.util.Optional;

/** The environment of the server container as the chart renders it. */
final class ServerEnv {

    private ServerEnv() {}

    /** The variable {@code name} of {@code server}, if the chart sets it. */
    static Optional<EnvVar> variable(Container server, String name) {
        return (server.getEnv() == null ? List.<EnvVar>of() : server.getEnv())
                .stream().filter(variable -> variable.getName().equals(name)).findFirst();
    }
}
