package io.mlflowchart.harness.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The node ports a node container publishes for {@link NodePortAccess}, one per MLflow Service reached at the same
 * time: scenarios running at once each reach theirs through a port of their own. A port is taken when an access
 * Service is created and given back once that Service is gone.
 */
final class AccessNodePorts {

    /** A node port and where this host reaches it. */
    record Lease(int nodePort, URI published) {}

    private final BlockingQueue<Lease> free;

    private final int count;

    private final Duration patience;

    /** {@code patience}: how long {@link #take()} waits for a port another access gives back. */
    AccessNodePorts(List<Lease> ports, Duration patience) {
        this.free = new LinkedBlockingQueue<>(ports);
        this.count = ports.size();
        this.patience = patience;
    }

    Lease take() {
        try {
            Lease lease = free.poll(patience.toMillis(), TimeUnit.MILLISECONDS);
            if (lease == null) {
                throw new IllegalStateException("all " + count + " node ports the cluster publishes for reaching MLflow"
                        + " stayed in use for " + patience.toSeconds() + " s: fewer scenarios at once"
                        + " (-Dscenario.parallelism) would leave one free");
            }
            return lease;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a free node port", e);
        }
    }

    void giveBack(Lease lease) {
        free.add(lease);
    }
}
