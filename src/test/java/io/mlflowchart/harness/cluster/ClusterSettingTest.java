package io.mlflowchart.harness.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.docker.Reuse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.testcontainers.containers.Network;

/** {@code cluster=}: which values name a cluster, and how the others are refused before anything starts. */
class ClusterSettingTest {

    @ParameterizedTest
    @ValueSource(strings = {"kind", "K3S", "kubeconfig", "/home/me/.kube/config"})
    void refusesAValueThatNamesNoClusterWithTheAllowedForms(String setting) {
        assertThatThrownBy(() -> KubernetesCluster.named(setting, Network.newNetwork(), Reuse.OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cluster=" + setting + " ")
                .hasMessageContaining("environment variable CLUSTER")
                .hasMessageContaining("allowed: k3s")
                .hasMessageContaining("kubeconfig:<path of a kubeconfig file>");
    }

    @Test
    void refusesAKubeconfigFileThatIsNotThere(@TempDir Path directory) {
        Path missing = directory.resolve("missing.yaml");

        assertThatThrownBy(() -> KubernetesCluster.named("kubeconfig:" + missing, Network.newNetwork(), Reuse.OFF))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cluster=kubeconfig:" + missing + ": ")
                .hasMessageContaining("not a readable file");
    }

    @Test
    void usesAnExistingClusterThroughTheKubeconfigFileItNames(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("config"), "apiVersion: v1\nkind: Config\n");

        KubernetesCluster cluster = KubernetesCluster.named("kubeconfig:" + file, Network.newNetwork(), Reuse.OFF);

        assertThat(cluster).isInstanceOf(ExistingCluster.class);
        assertThat(cluster.kubeconfigFile()).isEqualTo(file.toAbsolutePath());
    }

    @Test
    void importsNoImageIntoAClusterItDidNotStart(@TempDir Path directory) throws IOException {
        Path file = Files.writeString(directory.resolve("config"), "apiVersion: v1\nkind: Config\n");

        assertThat(new ExistingCluster(file).images().importLocal(List.of("busybox:1.37.0")))
                .isEmpty();
    }
}
