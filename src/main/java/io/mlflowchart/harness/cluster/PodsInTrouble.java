package io.mlflowchart.harness.cluster;

import java.util.List;
import java.util.stream.Collectors;

/** What stopped a wait early: pods that would never have become ready ({@link PodTrouble}). */
public final class PodsInTrouble extends RuntimeException {

    private final transient List<PodTrouble> troubles;

    public PodsInTrouble(String waitingFor, List<PodTrouble> troubles) {
        super(waitingFor + " stopped early, it cannot succeed: "
                + troubles.stream().map(PodTrouble::toString).collect(Collectors.joining("; ")));
        this.troubles = List.copyOf(troubles);
    }

    public List<PodTrouble> troubles() {
        return troubles;
    }
}
