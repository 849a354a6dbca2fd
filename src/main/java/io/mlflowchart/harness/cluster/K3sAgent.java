package io.mlflowchart.harness.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.utility.DockerImageName;

/**
 * A k3s agent node in a container, from the server's image ({@link K3sCluster#IMAGE}): {@code k3s agent} joining the
 * server at {@code K3S_URL} with its {@code K3S_TOKEN}, as rancher/k3s documents it, run as Testcontainers runs the
 * server (privileged, the host's cgroups, {@code /run} in memory). It exposes no port: the harness reaches pods on it
 * through the server's node ports and kube-proxy, and learns that it joined from the node it registers.
 */
public final class K3sAgent extends GenericContainer<K3sAgent> {

    public K3sAgent(Network network, String hostname, String serverHostname, String token) {
        super(DockerImageName.parse(K3sCluster.IMAGE.value()));
        withNetwork(network);
        setNetworkAliases(new ArrayList<>(List.of(hostname)));
        setPrivilegedMode(true);
        withCreateContainerCmdModifier(create -> {
            create.withHostName(hostname);
            create.getHostConfig().withCgroupnsMode("host");
        });
        addFileSystemBind("/sys/fs/cgroup", "/sys/fs/cgroup", BindMode.READ_WRITE);
        setTmpFsMapping(Map.of("/run", "", "/var/run", ""));
        withEnv("K3S_URL", "https://" + serverHostname + ":6443");
        withEnv("K3S_TOKEN", token);
        withCommand("agent");
    }
}
