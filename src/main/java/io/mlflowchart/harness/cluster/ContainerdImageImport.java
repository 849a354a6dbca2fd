package io.mlflowchart.harness.cluster;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.LinkedHashSet;
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
 * Images of the local Docker engine, imported with {@code ctr images import} into the containerd of a node that
 * runs as a container, so that pods with {@code imagePullPolicy: IfNotPresent} run them without a registry: how CI
 * runs offline, and how users test images they have not pushed. Images Docker does not have are left for the
 * cluster to pull.
 */
public class ContainerdImageImport implements ClusterImages {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerdImageImport.class);

    // Not the boot-time import folder: a newer k3s may watch that one and import the file twice.
    private static final String IMPORT_DIR = "/tmp/";

    private final ContainerState node;

    private final DockerClient docker = DockerClientFactory.instance().client();

    /** One import per image, whichever scenario asks first; the others wait for that one. */
    private final ConcurrentMap<String, CompletableFuture<Void>> imports = new ConcurrentHashMap<>();

    public ContainerdImageImport(ContainerState node) {
        this.node = node;
    }

    /**
     * Imports every given image that Docker has and the node has not yet; returns those this call imported. An image
     * another call is importing is waited for, and one that failed is tried again by the next call that asks.
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
                if (presentInDocker(image)) {
                    importOne(image);
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

    private boolean presentInDocker(String image) {
        try {
            docker.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            LOG.info("{} is not in the local Docker engine: the cluster will pull it", image);
            return false;
        }
    }

    private void importOne(String image) {
        long start = System.nanoTime();
        Path tar = null;
        try {
            tar = Files.createTempFile("image-", ".tar");
            try (InputStream saved = docker.saveImageCmd(image).exec()) {
                Files.copy(saved, tar, StandardCopyOption.REPLACE_EXISTING);
            }
            String inNode = IMPORT_DIR + tar.getFileName();
            node.copyFileToContainer(MountableFile.forHostPath(tar), inNode);
            ExecResult result = node.execInContainer("ctr", "-n", "k8s.io", "images", "import", inNode);
            node.execInContainer("rm", "-f", inNode);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("ctr could not import " + image + ": " + result.getStderr());
            }
            LOG.info("imported {} into the cluster in {} ms", image, (System.nanoTime() - start) / 1_000_000);
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
