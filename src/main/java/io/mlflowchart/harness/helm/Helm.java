package io.mlflowchart.harness.helm;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Helm CLI, the harness's one Helm client. The CLI rather than an embedded SDK because a rollback must be a real
 * {@code helm rollback}. Found at {@code -Dhelm.binary} or on PATH; it must be Helm 3 from {@value #MINIMUM} on.
 * <pre>
 * Helm helm = Helm.locate();
 * RenderedChart prod = helm.template(chart).withValues(prodValues).set("postgresql.external.host", "db").render();
 * helm.release("mlflow", kubeconfig, "mlflow").upgrade(chart).withValues(prodValues).apply();
 * </pre>
 */
public final class Helm {

    public static final String BINARY_PROPERTY = "helm.binary";

    static final String MINIMUM = "v3.14.0";

    private static final String FIX =
            "run .ci/tools/install-helm (builds Helm v3.22.0 from the Go module proxy) or point -D" + BINARY_PROPERTY
                    + " at a Helm 3 binary";

    private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.(\\d+)\\.(\\d+).*");

    private final Path binary;
    private final String version;

    private Helm(Path binary, String version) {
        this.binary = binary;
        this.version = version;
    }

    /** The Helm CLI at -Dhelm.binary or on PATH, after checking its version; the error names the fix. */
    public static Helm locate() {
        return at(Optional.ofNullable(System.getProperty(BINARY_PROPERTY))
                .map(Path::of)
                .or(Helm::onPath)
                .orElseThrow(() -> new HelmException("helm is not on PATH: " + FIX)));
    }

    /** The Helm CLI at that path, after checking its version; the error names the fix. */
    public static Helm at(Path binary) {
        if (!Files.isExecutable(binary)) {
            throw new HelmException(binary + " is not an executable file: " + FIX);
        }
        String version = new HelmCommand(binary, "version", "--template", "{{ .Version }}")
                .run()
                .strip();
        Matcher v = VERSION.matcher(version);
        if (!v.matches() || Integer.parseInt(v.group(1)) != 3 || Integer.parseInt(v.group(2)) < 14) {
            throw new HelmException(binary + " is Helm " + version + "; the harness needs Helm 3, " + MINIMUM
                    + " or newer (Helm 4 changed flags and output): " + FIX);
        }
        return new Helm(binary, version);
    }

    private static Optional<Path> onPath() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "helm"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    public Path binary() {
        return binary;
    }

    /** For example {@code v3.22.0}. */
    public String version() {
        return version;
    }

    public Template template(Path chart) {
        return new Template(command("template"), chart);
    }

    /** {@code helm show chart}: the Chart.yaml of a chart directory or package. */
    public String showChart(Path chart) {
        return command("show", "chart", chart.toString()).run();
    }

    public Lint lint(Path chart) {
        return new Lint(command("lint", chart.toString()));
    }

    public Release release(String name, Path kubeconfig, String namespace) {
        return new Release(this, name, kubeconfig, namespace);
    }

    HelmCommand command(String... verb) {
        return new HelmCommand(binary, verb);
    }
}
