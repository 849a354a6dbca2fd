package io.mlflowchart.harness.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.Optional;

/** What a chart renders to: the Kubernetes objects (hooks and tests included) and the NOTES text an install prints. */
public record RenderedChart(List<HasMetadata> objects, String notes) {

    public RenderedChart {
        objects = List.copyOf(objects);
    }

    public <T extends HasMetadata> List<T> all(Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream()
                .filter(o -> o.getMetadata().getName().equals(name))
                .findFirst();
    }

    /** The single object of that kind; fails naming what was rendered instead. */
    public <T extends HasMetadata> T only(Class<T> kind) {
        List<T> found = all(kind);
        if (found.size() != 1) {
            throw new IllegalStateException("expected one " + kind.getSimpleName() + ", rendered " + found.size() + ": "
                    + found.stream().map(o -> o.getMetadata().getName()).toList());
        }
        return found.get(0);
    }
}
