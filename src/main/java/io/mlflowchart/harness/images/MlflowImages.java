package io.mlflowchart.harness.images;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An image for any MLflow release: a local one if the Docker engine has one (the project's name, then MLflow's own),
 * else MLflow's published {@code -full} image if its registry has it (asked, then pulled), else one built from the
 * project's recipe ({@code images/mlflow}) and kept under the project's name,
 * {@code localhost/mlflow-chart/mlflow:<version>-full}. Before pulling or building, PyPI must have the release. Each
 * version is resolved once per run, whichever scenario asks first; the others wait for it.
 */
public final class MlflowImages {

    private static final Logger LOG = LoggerFactory.getLogger(MlflowImages.class);

    /**
     * The base image of a build; {@code {python}} becomes the Python the recipe names for the release. Where Docker
     * Hub is out of reach, a local image with that Python (CI: {@code mlflow-harness/python:{python}-bookworm}).
     */
    static final HarnessProperty BUILD_BASE = new HarnessProperty("mlflow.build.base", "python:{python}-slim");

    /** Where a built image is kept: a name no registry serves, so nothing ever pulls it instead. */
    static final String LOCAL_REPOSITORY = "localhost/mlflow-chart/mlflow";

    /** Per Docker engine, so per process: scenarios running at once share one build of a version. */
    private static final ConcurrentMap<String, CompletableFuture<ResolvedImage>> RESOLVED = new ConcurrentHashMap<>();

    private final MlflowRecipe recipe;

    private final String buildBase;

    private final Path logs;

    private final PypiReleases pypi;

    private final UpstreamImage upstream;

    private final LocalDocker docker;

    MlflowImages(
            MlflowRecipe recipe,
            String buildBase,
            Path logs,
            PypiReleases pypi,
            UpstreamImage upstream,
            LocalDocker docker) {
        this.recipe = recipe;
        this.buildBase = buildBase;
        this.logs = logs;
        this.pypi = pypi;
        this.upstream = upstream;
        this.docker = docker;
    }

    /** The recipe of the repository at {@code repositoryRoot}, build logs under its {@code target/mlflow-images}. */
    public static MlflowImages of(Path repositoryRoot, Settings settings) {
        return new MlflowImages(
                MlflowRecipe.in(repositoryRoot.resolve("images/mlflow")),
                BUILD_BASE.valueIn(settings),
                repositoryRoot.resolve("target/mlflow-images"),
                new PypiReleases(PypiReleases.MLFLOW),
                UpstreamImage.MLFLOW,
                new LocalDocker());
    }

    /** The image of {@code version}, found, pulled or built; fails at once for a release PyPI lacks or that did not build. */
    public ResolvedImage resolve(String version) {
        CompletableFuture<ResolvedImage> mine = new CompletableFuture<>();
        CompletableFuture<ResolvedImage> first = RESOLVED.putIfAbsent(version, mine);
        if (first == null) {
            try {
                mine.complete(resolveNow(version));
            } catch (RuntimeException e) {
                // The next run (or a retry) asks again; those waiting now learn why.
                RESOLVED.remove(version, mine);
                mine.completeExceptionally(e);
            }
            first = mine;
        }
        try {
            return first.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        }
    }

    private ResolvedImage resolveNow(String version) {
        String local = LOCAL_REPOSITORY + ":" + version + "-full";
        String upstreamTag = "v" + version + "-full";
        for (String reference : List.of(local, upstream.reference(upstreamTag))) {
            Optional<String> id = docker.imageId(reference);
            if (id.isPresent()) {
                return new ResolvedImage(version, reference, id.get(), "found in the local Docker engine");
            }
        }
        pypi.requireInstallable(version);
        UpstreamImage.Answer published = upstream.ask(upstreamTag);
        LOG.info(
                "MLflow {}: {} is {} ({})",
                version,
                upstream.reference(upstreamTag),
                published.presence(),
                published.detail());
        if (published.presence() == UpstreamImage.Presence.PUBLISHED) {
            String reference = upstream.reference(upstreamTag);
            docker.pull(reference, logs.resolve("pull-" + version + ".log"));
            return new ResolvedImage(version, reference, idOf(reference), "pulled from its registry");
        }
        return build(version, local);
    }

    private ResolvedImage build(String version, String tag) {
        String python = recipe.pythonFor(version);
        String base = buildBase.replace("{python}", python);
        Path log = logs.resolve("build-" + version + ".log");
        LOG.info(
                "MLflow {}: no image to be had, building {} from {} on {} (Python {}; pins: {}); log: {}",
                version,
                tag,
                recipe.directory(),
                base,
                python,
                recipe.pinsFor(version).stream()
                        .map(MlflowRecipe.Pin::requirement)
                        .toList(),
                log);
        long started = System.nanoTime();
        try {
            docker.build(
                    recipe.directory(),
                    Map.of("BASE", base, "MLFLOW_VERSION", version),
                    tag,
                    log,
                    line -> LOG.info("MLflow {} build: {}", version, line));
        } catch (IllegalStateException failed) {
            throw new PypiReleases.UnavailableRelease(version, "the recipe did not build: " + failed.getMessage());
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        ResolvedImage built = new ResolvedImage(
                version,
                tag,
                idOf(tag),
                "built from the recipe images/mlflow on " + base + " in " + took.toSeconds() + " s");
        LOG.info("{}", built);
        return built;
    }

    private String idOf(String reference) {
        return docker.imageId(reference)
                .orElseThrow(
                        () -> new IllegalStateException(reference + " is not in the local Docker engine after all"));
    }
}
