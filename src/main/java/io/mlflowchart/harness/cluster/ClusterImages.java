package io.mlflowchart.harness.cluster;

import java.util.Collection;
import java.util.Set;

/** How the images that pods run get into a cluster before the chart is installed. */
public interface ClusterImages {

    /**
     * Makes every given image that the local Docker engine has available to the cluster's pods, where the cluster
     * allows it; returns those imported. The rest is left for the cluster to pull.
     */
    Set<String> importLocal(Collection<String> images);

    /**
     * Imports as {@link #importLocal} does and keeps the images in the cluster until the hold is closed: a cluster
     * short of disk may remove an imported image that nothing holds, to make room for another, and imports it again
     * when asked. A scenario holds what it runs, and what a rollback would return to, until it ends.
     */
    default Hold hold(Collection<String> images) {
        importLocal(images);
        return () -> {};
    }

    /** Images kept in the cluster until {@link #close()}; closing twice is closing once. */
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }
}
