package io.mlflowchart.harness.helm;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mlflowchart.harness.process.ExternalCommand;
import io.mlflowchart.harness.process.ExternalCommandException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code helm template}: renders a chart directory without a cluster, hooks and tests included, and parses the
 * result into fabric8 model objects.
 * <p>
 * {@code helm template} never renders NOTES.txt, and {@code helm install --dry-run} does but needs a reachable
 * cluster. So the chart is rendered from a temporary copy that carries one more template: a ConfigMap whose data
 * is NOTES.txt rendered in the same context. That ConfigMap is taken out of the objects and becomes
 * {@link RenderedChart#notes()}.
 */
public final class Template extends ChartCommand<Template> {

    private static final String NOTES_CARRIER = "helm-template-rendered-notes";

    private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(1);

    private final Path chart;
    private String release = "release";

    Template(HelmCommand command, Path chart) {
        super(command);
        this.chart = chart;
    }

    public Template named(String releaseName) {
        this.release = releaseName;
        return this;
    }

    public Template inNamespace(String namespace) {
        command.add("--namespace", namespace);
        return this;
    }

    public RenderedChart render() {
        Path work = createWorkDirectory();
        try {
            Path copy = copyWithNotesCarrier(work);
            List<HasMetadata> objects = new ArrayList<>();
            String notes = "";
            for (HasMetadata object :
                    parse(command.add(release, copy.toString()).run())) {
                if (object instanceof ConfigMap carrier
                        && NOTES_CARRIER.equals(carrier.getMetadata().getName())) {
                    notes = carrier.getData().get("NOTES.txt");
                } else {
                    objects.add(object);
                }
            }
            return new RenderedChart(objects, notes);
        } finally {
            deleteTree(work);
        }
    }

    /** fabric8's loader: one object per YAML document; a template that renders nothing leaves a document it skips. */
    static List<HasMetadata> parse(String manifests) {
        Object loaded = KUBERNETES.unmarshal(manifests);
        if (loaded instanceof List<?> objects) {
            return objects.stream().map(HasMetadata.class::cast).toList();
        }
        return loaded == null ? List.of() : List.of((HasMetadata) loaded);
    }

    private static Path createWorkDirectory() {
        try {
            return Files.createTempDirectory("helm-template-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a folder to render a chart in", e);
        }
    }

    /**
     * The chart (a directory, or a packaged chart unpacked) copied under {@code work}, with a template that carries
     * its NOTES.txt out as a ConfigMap: {@code helm template} does not print the notes.
     */
    private Path copyWithNotesCarrier(Path work) {
        try {
            Path copy;
            if (Files.isDirectory(chart)) {
                copy = work.resolve(chart.getFileName().toString());
                copyTree(chart, copy);
            } else if (Files.isRegularFile(chart)) {
                new ExternalCommand(List.of("tar", "-xzf", chart.toString(), "-C", work.toString()), UNPACK_TIMEOUT)
                        .run();
                try (Stream<Path> unpacked = Files.list(work)) {
                    copy = unpacked.filter(Files::isDirectory)
                            .findFirst()
                            .orElseThrow(() -> new HelmException("packaged chart " + chart + " holds no chart folder"));
                }
            } else {
                throw new HelmException("no chart at " + chart + ": give a chart folder or a packaged .tgz");
            }
            Path notes = copy.resolve("templates/NOTES.txt");
            if (Files.exists(notes)) {
                Files.writeString(
                        copy.resolve("templates/" + NOTES_CARRIER + ".yaml"),
                        "{{ define \"" + NOTES_CARRIER + "\" }}" + Files.readString(notes) + "{{ end }}\n"
                                + "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + NOTES_CARRIER + "\n"
                                + "data:\n  NOTES.txt: {{ include \"" + NOTES_CARRIER + "\" . | toJson }}\n");
            }
            return copy;
        } catch (ExternalCommandException e) {
            throw new HelmException("could not unpack chart " + chart + ": " + e.output());
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy chart " + chart, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HelmException("interrupted while unpacking chart " + chart);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + root, e);
        }
    }
}
