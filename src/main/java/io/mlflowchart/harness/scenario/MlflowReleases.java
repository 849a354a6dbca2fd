package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import io.mlflowchart.harness.images.PypiReleases;
import io.mlflowchart.harness.images.ReleaseHistory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a run learns MLflow's releases, to resolve {@code 2.22.x} and a matrix's {@code next-minor}:
 * {@code -Dmlflow.releases=pypi} (the default) asks PyPI, once, when the first scenario needs it, and falls back to
 * the pinned file, saying so, when PyPI is out of reach; {@code pinned} reads only the pinned file (the last patch of
 * every minor, {@code scenarios/matrix/last-patches.txt}): offline, and the same pair names on every machine whatever
 * PyPI publishes meanwhile.
 */
final class MlflowReleases implements Supplier<ReleaseHistory> {

    static final HarnessProperty SETTING = new HarnessProperty("mlflow.releases", "pypi");

    private static final Logger PROGRESS = LoggerFactory.getLogger("progress");

    private final Supplier<ReleaseHistory> pypi;

    private final Path pinned;

    private final Source source;

    private ReleaseHistory history;

    /** Where the releases come from first. */
    enum Source {
        PYPI,
        PINNED;

        /** {@code -Dmlflow.releases=}; any other value is refused with the two. */
        static Source from(Settings settings) {
            String value = SETTING.valueIn(settings).strip();
            for (Source source : values()) {
                if (source.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                    return source;
                }
            }
            throw new IllegalArgumentException("-D" + SETTING.name() + "=" + value + " (or "
                    + SETTING.environmentVariable() + "): allowed: pypi (ask PyPI, the default), pinned (read "
                    + PINNED_FILE + " of the scenarios' folder)");
        }
    }

    /** The pinned file, in the scenarios' folder. */
    static final Path PINNED_FILE = Path.of("matrix/last-patches.txt");

    MlflowReleases(Supplier<ReleaseHistory> pypi, Path pinned, Source source) {
        this.pypi = pypi;
        this.pinned = pinned;
        this.source = source;
    }

    /** {@code source} first, {@code PINNED_FILE} of {@code scenarios} pinned. */
    static MlflowReleases of(Source source, Path scenarios) {
        return new MlflowReleases(
                new PypiReleases(PypiReleases.MLFLOW)::history, scenarios.resolve(PINNED_FILE), source);
    }

    /** Where the releases came from, once a scenario asked for them. */
    synchronized Optional<String> consulted() {
        return Optional.ofNullable(history).map(ReleaseHistory::source);
    }

    @Override
    public synchronized ReleaseHistory get() {
        if (history == null) {
            history = source == Source.PYPI ? pypiOrPinned() : ReleaseHistory.fromPinFile(pinned);
            PROGRESS.info(
                    "MLflow releases: {} ({} releases, the newest {})",
                    history.source(),
                    history.releases().size(),
                    history.releases().get(history.releases().size() - 1));
        }
        return history;
    }

    private ReleaseHistory pypiOrPinned() {
        try {
            return pypi.get();
        } catch (IllegalStateException unreachable) {
            PROGRESS.warn(
                    "{}; using the pinned last patches instead ({}; -D{}=pinned says so up front)",
                    unreachable.getMessage(),
                    pinned,
                    SETTING.name());
            return ReleaseHistory.fromPinFile(pinned);
        }
    }
}
