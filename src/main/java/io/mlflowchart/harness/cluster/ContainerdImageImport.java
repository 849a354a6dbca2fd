package io.mlflowchart.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mlflowchart.harness.images.LocalDocker;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.utility.MountableFile;

/**
 * Images of the local Docker engine, imported with {@code ctr images import} into the containerd of every node of a
 * cluster whose nodes run as containers (saved from Docker once, copied into each), so that pods with {@code imagePullPolicy: IfNotPresent} run them without a registry: how CI
 * runs offline, and how users test images they have not pushed. Images Docker does not have are left for the
 * cluster to pull. Each imported image is labelled in containerd with Docker's image id, so that a node kept from an
 * earlier run ({@code reuse=true}) is not given again what it already holds, while an image rebuilt since is.
 */
public class ContainerdImageImport implements ClusterImages {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdImageImport.class);

    // Not the boot-time import folder: a newer k3s may watch that one and import the file twice.
    private static final String IMPORT_DIR = "/tmp/";

    private final List<ContainerState> nodes;

    private final DockerClient docker = DockerClientFactory.instance().client();

    private static final String DOCKER_ID_LABEL = "io.mlflowchart.harness/docker-image-id";

    /** One import per image, whichever scenario asks first; the others wait for that one. */
    private final ConcurrentMap<String, CompletableFuture<Void>> imports = new ConcurrentHashMap<>();

    public ContainerdImageImport(ContainerState node) {
        this(List.of(node));
    }

    public ContainerdImageImport(List<? extends ContainerState> nodes) {
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Imports every given image that Docker has and a node has not yet (as Docker has it now); returns those this
     * call imported. An image another call is importing is waited for, and one that failed is tried again by the next
     * call that asks.
     */
    @Override
    public Set<String> importLocal(Collection<String> images) {
        Set<String> done = new LinkedHashSet<>();
        for (String image : images) {
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> first = imports.putIfAbsent(image, mine);
            if (first != null) {
                awaitOther(first);
                continue;
            }
            try {
                Optional<String> id = idInDocker(image);
                List<ContainerState> lacking = id.isEmpty()
                        ? List.of()
                        : nodes.stream()
                                .filter(node -> !nodeHolds(node, image, id.get()))
                                .toList();
                if (id.isPresent() && lacking.isEmpty()) {
                    LOG.info("{} is in the cluster already, as Docker has it: not imported again", image);
                } else if (id.isPresent()) {
                    importInto(lacking, image);
                    lacking.forEach(node -> label(node, image, id.get()));
                    done.add(image);
                }
                mine.complete(null);
            } catch (RuntimeException e) {
                imports.remove(image, mine);
                mine.completeExceptionally(e);
                throw e;
            }
        }
        return done;
    }

    private static void awaitOther(CompletableFuture<Void> importing) {
        try {
            importing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : e;
        }
    }

    /** Docker's image id without its {@code sha256:}, which a containerd filter value may not hold unquoted. */
    private Optional<String> idInDocker(String image) {
        Optional<String> id = new LocalDocker().imageId(image).map(sha -> sha.replaceFirst("^sha256:", ""));
        if (id.isEmpty()) {
            LOG.info("{} is not in the local Docker engine: the cluster will pull it", image);
        }
        return id;
    }

    private static boolean nodeHolds(ContainerState node, String image, String dockerId) {
        return ctr(node, "images", "ls", "-q", "labels.\"" + DOCKER_ID_LABEL + "\"==" + dockerId).stream()
                .anyMatch(name -> sameImage(name, image));
    }

    private static void label(ContainerState node, String image, String dockerId) {
        String name = ctr(node, "images", "ls", "-q").stream()
                .filter(listed -> sameImage(listed, image))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("ctr imported " + image + " under a name not found"));
        ctr(node, "images", "label", name, DOCKER_ID_LABEL + "=" + dockerId);
    }

    /**
     * Whether containerd's name is Docker's for the same image: containerd spells out the registry and library path
     * that Docker leaves implicit ({@code docker.io/library/postgres:15} for {@code postgres:15}).
     */
    static boolean sameImage(String containerdName, String dockerName) {
        return containerdName.equals(dockerName)
                || containerdName.equals("docker.io/" + dockerName)
                || containerdName.equals("docker.io/library/" + dockerName);
    }

    /** Runs ctr in the node's Kubernetes namespace; returns its output's lines. */
    private static List<String> ctr(ContainerState node, String... arguments) {
        List<String> command = new ArrayList<>(List.of("ctr", "-n", "k8s.io"));
        command.addAll(List.of(arguments));
        try {
            ExecResult result = node.execInContainer(command.toArray(String[]::new));
            if (result.getExitCode() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + result.getStderr());
            }
            return result.getStdout().lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + String.join(" ", command) + " in the node", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }

    private void importInto(List<ContainerState> lacking, String image) {
        long start = System.nanoTime();
        Path tar = null;
        try {
            tar = Files.createTempFile("image-", ".tar");
            try (InputStream saved = docker.saveImageCmd(image).exec()) {
                Files.copy(saved, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            String inNode = IMPORT_DIR + tar.getFileName();
            for (ContainerState node : lacking) {
                node.copyFileToContainer(MountableFile.forHostPath(tar), inNode);
                ExecResult result = node.execInContainer("ctr", "-n", "k8s.io", "images", "import", inNode);
                node.execInContainer("rm", "-f", inNode);
                if (result.getExitCode() != 0) {
                    throw new IllegalStateException("ctr could not import " + image + ": " + result.getStderr());
                }
            }
            LOG.info(
                    "imported {} into {} node(s) of the cluster in {} ms",
                    image,
                    lacking.size(),
                    (System.nanoTime() - start) / 1_000_000);
        } catch (IOException e) {
            throw new UncheckedIOException("could not copy " + image + " into the cluster", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while importing " + image, e);
        } finally {
            if (tar != null) {
                tar.toFile().delete();
            }
        }
    }
}
