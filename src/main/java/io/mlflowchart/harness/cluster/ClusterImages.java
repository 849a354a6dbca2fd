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
}
