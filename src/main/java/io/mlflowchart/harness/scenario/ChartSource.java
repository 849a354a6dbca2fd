package io.mlflowchart.harness.scenario;

import java.nio.file.Path;

/** Which chart a scenario installs or upgrades to. */
public sealed interface ChartSource {

    String WORKING_TREE = "working-tree";
    String GIT_PREFIX = "git:";

    /** The chart under test as it is in this checkout. */
    record WorkingTree() implements ChartSource {}

    /** A chart packaged with {@code helm package}. */
    record Packaged(Path tgz) implements ChartSource {}

    /** The chart under test as it was at a git ref (tag, branch or commit) of this repository. */
    record GitRef(String ref) implements ChartSource {}

    /** How {@link #parse} reads it back. */
    static String text(ChartSource source) {
        if (source instanceof Packaged packaged) {
            return packaged.tgz().toString();
        }
        if (source instanceof GitRef ref) {
            return GIT_PREFIX + ref.ref();
        }
        return WORKING_TREE;
    }

    /** {@code working-tree}, {@code git:<ref>} or a path ending in {@code .tgz}. */
    static ChartSource parse(String text) {
        if (text.equals(WORKING_TREE)) {
            return new WorkingTree();
        }
        if (text.startsWith(GIT_PREFIX) && text.length() > GIT_PREFIX.length()) {
            return new GitRef(text.substring(GIT_PREFIX.length()));
        }
        if (text.endsWith(".tgz")) {
            return new Packaged(Path.of(text));
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a chart (allowed: " + WORKING_TREE + ", " + GIT_PREFIX + "<ref>, <path>.tgz)");
    }
}
