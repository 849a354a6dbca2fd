package io.mlflowchart.harness.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where each {@link ChartSource} is on disk: the chart under test in the working tree, a packaged chart, or the
 * chart as committed at a git ref, extracted under {@code target/}.
 */
public final class ChartSources {

    private final Path repositoryRoot;

    private final Path workingTree;

    private final Map<Profile, List<Path>> profileValues;

    private final List<Path> commonValues;

    /**
     * {@code workingTree}: the chart under test, inside the git repository {@code repositoryRoot}; {@code profileValues}:
     * the values files of each profile, where they are not the chart's own {@code values-<profile>.yaml};
     * {@code commonValues}: those every release installs with, whatever its profile.
     */
    public ChartSources(
            Path repositoryRoot, Path workingTree, Map<Profile, List<Path>> profileValues, List<Path> commonValues) {
        this.repositoryRoot = repositoryRoot;
        this.workingTree = workingTree;
        this.profileValues = Map.copyOf(profileValues);
        this.commonValues = List.copyOf(commonValues);
    }

    /** The values files every release installs with after its profile's, whatever the profile. */
    public List<Path> commonValues() {
        return commonValues;
    }

    /** The chart under test, as it is in the working tree. */
    public Path workingTree() {
        return workingTree;
    }

    public Path resolve(ChartSource source) {
        if (source instanceof ChartSource.Packaged packaged) {
            return repositoryRoot.resolve(packaged.tgz());
        }
        if (source instanceof ChartSource.GitRef ref) {
            return new ChartAtGitRef(repositoryRoot, repositoryRoot.relativize(workingTree), ref.ref()).extract();
        }
        return workingTree;
    }

    /**
     * The values files of {@code profile}: those the settings give, else the chart's own {@code values-<profile>.yaml}
     * (an older chart's, for {@code git:<ref>}; a packaged chart's cannot be given to {@code -f}, so the working tree's).
     */
    public List<Path> profileValues(Path chart, Profile profile) {
        if (profileValues.containsKey(profile)) {
            return profileValues.get(profile);
        }
        String file = "values-" + profile.yamlName() + ".yaml";
        return List.of(Files.isRegularFile(chart.resolve(file)) ? chart.resolve(file) : workingTree.resolve(file));
    }
}
