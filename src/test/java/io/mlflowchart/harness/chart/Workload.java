package io.mlflowchart.harness.chart;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A rendered object that runs pods (Deployment, Job, CronJob, the test Pod), with its pods' labels and spec. */
record Workload(HasMetadata owner, Map<String, String> podLabels, PodSpec spec) {

    static List<Workload> all(RenderedChart chart) {
        List<Workload> workloads = new ArrayList<>();
        for (HasMetadata object : chart.objects()) {
            if (object instanceof Deployment d) {
                workloads.add(new Workload(
                        d,
                        d.getSpec().getTemplate().getMetadata().getLabels(),
                        d.getSpec().getTemplate().getSpec()));
            } else if (object instanceof Job j) {
                workloads.add(new Workload(
                        j,
                        j.getSpec().getTemplate().getMetadata().getLabels(),
                        j.getSpec().getTemplate().getSpec()));
            } else if (object instanceof CronJob c) {
                var pod = c.getSpec().getJobTemplate().getSpec().getTemplate();
                workloads.add(new Workload(c, pod.getMetadata().getLabels(), pod.getSpec()));
            } else if (object instanceof Pod p) {
                workloads.add(new Workload(p, p.getMetadata().getLabels(), p.getSpec()));
            }
        }
        return workloads;
    }

    Stream<Container> containers() {
        // fabric8 8 leaves an absent initContainers list null.
        return Stream.concat(
                spec.getInitContainers() == null ? Stream.empty() : spec.getInitContainers().stream(),
                spec.getContainers().stream());
    }

    @Override
    public String toString() {
        return owner.getKind() + "/" + owner.getMetadata().getName();
    }
}
