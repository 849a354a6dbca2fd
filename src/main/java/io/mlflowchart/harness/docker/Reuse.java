package io.mlflowchart.harness.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.TestcontainersConfiguration;

/**
 * {@code reuse=true}: the harness's own k3s, PostgreSQL and MinIO, and the Docker network they share, stay running
 * when the run ends, and the next run with {@code reuse=true} uses them instead of starting new ones: the loop of an
 * engineer who reproduces one bug again and again. Containers are found as Testcontainers' {@code withReuse(true)}
 * finds them (a running container whose creation settings hash the same), so a changed image or setting starts a new
 * one. Every container and the network carry {@link #LABEL}, so that {@link #removalCommand()} removes them all.
 */
public enum Reuse {
    /** The default: the run removes everything it started. */
    OFF,
    /** What the run starts stays for the next run with reuse=true. */
    KEEP_BETWEEN_RUNS;

    public static final HarnessProperty SETTING = new HarnessProperty("reuse", "false");

    /** Names what a kept container is ({@code k3s}, {@code postgres}, {@code minio}, {@code network}). */
    public static final String LABEL = "io.mlflowchart.harness.kept";

    /** The kept network: a stable name, since a Testcontainers network is new (another id) in every run. */
    static final String NETWORK = "mlflow-chart-e2e-kept";

    /** The setting's value; anything but true or false fails, before anything starts. */
    public static Reuse fromSettings(Settings settings) {
        String value = SETTING.valueIn(settings);
        return switch (value) {
            case "false" -> OFF;
            case "true" -> KEEP_BETWEEN_RUNS;
            default ->
                throw new IllegalArgumentException(SETTING.name() + "=" + value + " (or "
                        + SETTING.environmentVariable()
                        + "): allowed: true (keep k3s, PostgreSQL and MinIO running for "
                        + "the next run) or false (the default: remove them at the end)");
        };
    }

    /**
     * Fails unless Testcontainers may reuse containers here: it only does when the machine opts in, which the build
     * does for its integration tests (see the failsafe configuration in pom.xml).
     */
    public void requireSupport() {
        if (this == KEEP_BETWEEN_RUNS
                && !TestcontainersConfiguration.getInstance().environmentSupportsReuse()) {
            throw new IllegalStateException(SETTING.name() + "=true needs Testcontainers' reuse, which this process "
                    + "does not allow: run through Maven (failsafe sets TESTCONTAINERS_REUSE_ENABLE=true), export "
                    + "TESTCONTAINERS_REUSE_ENABLE=true, or add testcontainers.reuse.enable=true to "
                    + "~/.testcontainers.properties");
        }
    }

    /** The network the run's containers share: the kept one, found or created, or a new one removed at the end. */
    public Network network() {
        return this == KEEP_BETWEEN_RUNS ? KeptNetwork.findOrCreate(NETWORK, LABEL) : Network.newNetwork();
    }

    /**
     * Marks the container as one to keep for the next run, under {@code role}; with {@link #OFF}, leaves it as it is.
     * Call it last in the constructor: what is set after it still counts for the hash, but reads the kept
     * container's settings only through {@link #keptEnvironment}.
     */
    public <C extends GenericContainer<?>> C keep(C container, String role) {
        if (this == KEEP_BETWEEN_RUNS) {
            container.withReuse(true);
            container.withLabel(LABEL, role);
        }
        return container;
    }

    /**
     * The value of an environment variable of the running kept container of {@code role}: its generated password,
     * which the new container must be given again to hash the same and be reused. Empty with {@link #OFF} or when
     * none runs.
     */
    public Optional<String> keptEnvironment(String role, String variable) {
        if (this == OFF) {
            return Optional.empty();
        }
        DockerClient docker = DockerClientFactory.instance().client();
        return kept(docker, role, List.of("running")).stream()
                .findFirst()
                .map(container -> docker.inspectContainerCmd(container.getId()).exec())
                .map(info -> info.getConfig().getEnv())
                .flatMap(env -> Arrays.stream(env)
                        .filter(entry -> entry.startsWith(variable + "="))
                        .map(entry -> entry.substring(variable.length() + 1))
                        .findFirst());
    }

    /**
     * Removes the containers kept under the same role as {@code current} but other than it: those of another image or
     * setting (no longer hashing the same), or stopped (Docker restarted), which Testcontainers would never reuse.
     */
    public void removeStale(GenericContainer<?> current) {
        String role = current.getLabels().get(LABEL);
        if (this == OFF || role == null) {
            return;
        }
        DockerClient docker = DockerClientFactory.instance().client();
        kept(docker, role, List.of()).stream()
                .filter(container -> !container.getId().equals(current.getContainerId()))
                .forEach(container -> docker.removeContainerCmd(container.getId())
                        .withForce(true)
                        .withRemoveVolumes(true)
                        .exec());
    }

    private static List<Container> kept(DockerClient docker, String role, List<String> statuses) {
        var list = docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(LABEL, role));
        return (statuses.isEmpty() ? list : list.withStatusFilter(statuses)).exec();
    }

    /** What the end of a run with reuse=true says: what it kept, and how to remove it. */
    public static String keptSummary(List<String> containers) {
        return SETTING.name() + "=true: left running for the next run with " + SETTING.name() + "=true: "
                + String.join(", ", containers) + ", on the Docker network " + NETWORK + ". To remove them all: "
                + removalCommand();
    }

    /** The shell command that removes everything kept: containers first, then the network they were on. */
    public static String removalCommand() {
        String filter = " --filter label=" + LABEL + " | xargs -r docker ";
        return "docker ps -aq" + filter + "rm -f -v; docker network ls -q" + filter + "network rm";
    }
}
