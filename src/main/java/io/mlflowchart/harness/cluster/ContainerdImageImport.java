package io.mlflowchart.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import io.mlflowchart.harness.HarnessProperty;
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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 *
 * <p>Imported images are pinned, so that the kubelet's image garbage collection never removes one: the cluster could
 * not pull it back. Room is made here instead: before an import that would leave the nodes' disk with less than {@code
 * k3s.disk.reserve-gib} (default 2) free, images this import brought in and no {@link Hold} keeps go, least recently
 * used first, and are imported again if asked for. That is what lets the release tier run one MLflow image after
 * another on a disk that cannot hold them all.
 */
public class ContainerdImageImport implements ClusterImages {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdImageImport.class);

    // Not the boot-time import folder: a newer k3s may watch that one and import the file twice.
    private static final String IMPORT_DIR = "/tmp/";

    private final List<ContainerState> nodes;

    private final DockerClient docker = DockerClientFactory.instance().client();

    private static final String DOCKER_ID_LABEL = "io.mlflowchart.harness/docker-image-id";

    /** The Docker image id among the labels of a line of {@code ctr images ls}. */
    private static final Pattern DOCKER_ID_IN_LABELS = Pattern.compile(Pattern.quote(DOCKER_ID_LABEL) + "=([0-9a-f]+)");

    /** containerd's CRI reports an image with this label as pinned, which the kubelet's image GC leaves alone. */
    private static final String PINNED_LABEL = "io.cri-containerd.pinned=pinned";

    /** Where the nodes' containerd keeps images, whose disk an import fills. */
    private static final String CONTAINERD_ROOT = "/var/lib/rancher/k3s/agent/containerd";

    private static final HarnessProperty RESERVE_GIB = new HarnessProperty("k3s.disk.reserve-gib", "2");

    private static final long GIB = 1L << 30;

    private final ImageHolds holds = new ImageHolds();

    /** Bytes an import must leave free on the nodes' disk. */
    private final long reserveBytes;

    /** One import per image, whichever scenario asks first; the others wait for that one. */
    private final ConcurrentMap<String, CompletableFuture<Void>> imports = new ConcurrentHashMap<>();

    public ContainerdImageImport(ContainerState node) {
        this(List.of(node));
    }

    public ContainerdImageImport(List<? extends ContainerState> nodes) {
        this(nodes, Long.parseLong(RESERVE_GIB.value()) * GIB);
    }

    /** {@code reserveBytes}: what an import must leave free on the nodes' disk, images nothing holds going first. */
    public ContainerdImageImport(List<? extends ContainerState> nodes, long reserveBytes) {
        this.nodes = List.copyOf(nodes);
        this.reserveBytes = reserveBytes;
    }

    @Override
    public Hold hold(Collection<String> images) {
        Hold hold = holds.hold(images);
        try {
            importLocal(images);
            return hold;
        } catch (RuntimeException e) {
            hold.close();
            throw e;
        }
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
                    makeRoomFor(image, lacking.size());
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
        ctr(node, "images", "label", name, DOCKER_ID_LABEL + "=" + dockerId, PINNED_LABEL);
    }

    /**
     * Removes images this import brought in that nothing holds, least recently used first, until importing {@code
     * image} into {@code nodeCount} nodes leaves the reserve free: the saved tar on this host, and per node its copy,
     * containerd's content and the unpacked layers, all on the one disk the nodes' containers share.
     */
    private void makeRoomFor(String image, int nodeCount) {
        long size = docker.inspectImageCmd(image).exec().getSize();
        long needed = size * (2L * nodeCount + 2) + reserveBytes;
        long free = freeBytes();
        for (String candidate : holds.removable(importedHere())) {
            if (free >= needed) {
                return;
            }
            // Under the holds' lock, so that no scenario holds the image between this check and its removal.
            synchronized (holds) {
                if (holds.isHeld(candidate)) {
                    continue;
                }
                nodes.forEach(node -> remove(node, candidate));
                imports.remove(candidate);
            }
            free = freeBytes();
            LOG.info(
                    "removed {} from the cluster to make room for {} ({} MiB free now, {} MiB needed): nothing holds it,"
                            + " and it is imported again if asked for",
                    candidate,
                    image,
                    free >> 20,
                    needed >> 20);
        }
        if (free < needed) {
            LOG.warn(
                    "the cluster's disk has {} MiB free, {} MiB is needed to import {} and keep {} MiB free, and what"
                            + " is left is held by running scenarios: free disk, or run fewer at once"
                            + " (-Dscenario.parallelism)",
                    free >> 20,
                    needed >> 20,
                    image,
                    reserveBytes >> 20);
        }
    }

    /** The images imported (or found already there) by this import, not those it is importing now. */
    private List<String> importedHere() {
        return imports.entrySet().stream()
                .filter(entry -> entry.getValue().isDone() && !entry.getValue().isCompletedExceptionally())
                .map(Map.Entry::getKey)
                .toList();
    }

    /**
     * Removes every name of {@code image} from the node, then the reference by id that containerd's CRI keeps beside
     * them, unless another imported name still has that id: the content and unpacked layers go only with the last.
     */
    private static void remove(ContainerState node, String image) {
        for (String line : ctr(node, "images", "ls")) {
            String name = line.split("\\s+", 2)[0];
            if (!sameImage(name, image)) {
                continue;
            }
            Matcher dockerId = DOCKER_ID_IN_LABELS.matcher(line);
            ctr(node, "images", "rm", "--sync", name);
            if (dockerId.find() && !anyNamed(node, dockerId.group(1))) {
                ctr(node, "images", "rm", "--sync", "sha256:" + dockerId.group(1));
            }
        }
    }

    private static boolean anyNamed(ContainerState node, String dockerId) {
        return !ctr(node, "images", "ls", "-q", "labels.\"" + DOCKER_ID_LABEL + "\"==" + dockerId)
                .isEmpty();
    }

    /** Free bytes on the disk under the first node's containerd, which every node of a cluster here shares. */
    private long freeBytes() {
        List<String> df = exec(nodes.get(0), "df", "-Pk", CONTAINERD_ROOT);
        return Long.parseLong(df.get(df.size() - 1).trim().split("\\s+")[3]) * 1024;
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
        return exec(node, command.toArray(String[]::new));
    }

    /** Runs {@code command} in the node; returns its output's lines, or fails with its error output. */
    private static List<String> exec(ContainerState node, String... command) {
        try {
            ExecResult result = node.execInContainer(command);
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
