package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** containerd names an imported image in full; Docker's short name must still find it in a kept node. */
class ContainerdImageNamesTest {

    @Test
    void findsAnImageUnderTheNameContainerdGaveIt() {
        assertThat(ContainerdImageImport.sameImage("docker.io/library/postgres:15-bookworm", "postgres:15-bookworm"))
                .isTrue();
        assertThat(ContainerdImageImport.sameImage("docker.io/rancher/k3s:v1.34.4-k3s1", "rancher/k3s:v1.34.4-k3s1"))
                .isTrue();
        assertThat(ContainerdImageImport.sameImage(
                        "localhost/mlflow-chart/mlflow:2.9.2-full", "localhost/mlflow-chart/mlflow:2.9.2-full"))
                .isTrue();
    }

    @Test
    void tellsAnotherTagOrRepositoryApart() {
        assertThat(ContainerdImageImport.sameImage("docker.io/library/postgres:16", "postgres:15-bookworm"))
                .isFalse();
        assertThat(ContainerdImageImport.sameImage(
                        "docker.io/library/postgres:15-bookworm", "mirror/postgres:15-bookworm"))
                .isFalse();
        assertThat(ContainerdImageImport.sameImage(
                        "ghcr.io/mlflow/mlflow:v3.17.2-full", "localhost/mlflow-chart/mlflow:v3.17.2-full"))
                .isFalse();
    }
}
