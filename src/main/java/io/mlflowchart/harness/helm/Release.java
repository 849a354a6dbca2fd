package io.mlflowchart.harness.helm;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A named Helm release in one namespace of one cluster: {@code helm.release("mlflow", kubeconfig, ns).upgrade(chart)...}. */
public final class Release {

    private final Helm helm;
    private final String name;
    private final Path kubeconfig;
    private final String namespace;

    Release(Helm helm, String name, Path kubeconfig, String namespace) {
        this.helm = helm;
        this.name = name;
        this.kubeconfig = kubeconfig;
        this.namespace = namespace;
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public ReleaseChange install(Path chart) {
        return new ReleaseChange(command("install", name, chart.toString()).add("--create-namespace"));
    }

    public ReleaseChange upgrade(Path chart) {
        return new ReleaseChange(command("upgrade", name, chart.toString()));
    }

    /** {@code helm rollback} to a revision, waiting for the rolled-back resources. */
    public void rollback(int revision, Duration timeout) {
        command("rollback", name, Integer.toString(revision))
                .add("--wait")
                .timeout(timeout)
                .run();
    }

    public void uninstall(Duration timeout) {
        command("uninstall", name).add("--wait").timeout(timeout).run();
    }

    public List<ReleaseRevision> history() {
        String json = command("history", name).add("--output", "json").run();
        try {
            return Mappers.JSON.readValue(json, new TypeReference<List<ReleaseRevision>>() {});
        } catch (IOException e) {
            throw new UncheckedIOException("helm history printed something that is not JSON: " + json, e);
        }
    }

    public ReleaseStatus status() {
        return ReleaseStatus.parse(
                command("status", name).add("--output", "json").run());
    }

    /** {@code helm test --logs}: returns the test pods' logs; a failing test throws {@link HelmException}. */
    public String test(Duration timeout) {
        return command("test", name).add("--logs").timeout(timeout).run();
    }

    private HelmCommand command(String... verb) {
        return helm.command(verb).add("--kubeconfig", kubeconfig.toString(), "--namespace", namespace);
    }
}
