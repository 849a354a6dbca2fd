package io.mlflowchart.harness.chart;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What every pod and container the chart runs must have and one lacks: a non-root pod on the runtime's seccomp
 * profile without a service account token (except the workloads given, which exchange it for cloud credentials); containers with a read-only root, no privilege escalation, every
 * capability dropped, a writable {@code /tmp}, requests and a memory limit, and the chart's image pulled if not
 * present. Each reads {@code Kind/name [container] <setting>}.
 */
final class MissingHardening {

    private MissingHardening() {}

    /** {@code image}: the one image every container must run. */
    static List<String> in(RenderedChart chart, String image) {
        return in(chart, image, Set.of());
    }

    /** {@code tokenMounting}: the workloads ({@code Kind/name}) that may mount their service account token. */
    static List<String> in(RenderedChart chart, String image, Set<String> tokenMounting) {
        List<String> weak = new ArrayList<>();
        for (Workload workload : Workload.all(chart)) {
            PodSecurityContext pod = workload.spec().getSecurityContext();
            if (pod == null || !Boolean.TRUE.equals(pod.getRunAsNonRoot())) {
                weak.add(workload + " pod runAsNonRoot");
            }
            if (pod == null
                    || pod.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(pod.getSeccompProfile().getType())) {
                weak.add(workload + " pod seccompProfile");
            }
            if (!Boolean.FALSE.equals(workload.spec().getAutomountServiceAccountToken())
                    && !tokenMounting.contains(workload.toString())) {
                weak.add(workload + " automountServiceAccountToken");
            }
            workload.containers().forEach(c -> {
                SecurityContext sc = c.getSecurityContext();
                if (sc == null || !Boolean.TRUE.equals(sc.getReadOnlyRootFilesystem())) {
                    weak.add(workload + " " + c.getName() + " readOnlyRootFilesystem");
                }
                if (sc == null || !Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                    weak.add(workload + " " + c.getName() + " allowPrivilegeEscalation");
                }
                if (sc == null
                        || sc.getCapabilities() == null
                        || !sc.getCapabilities().getDrop().contains("ALL")) {
                    weak.add(workload + " " + c.getName() + " capabilities.drop ALL");
                }
                if (c.getVolumeMounts().stream().noneMatch(m -> m.getMountPath().equals("/tmp"))) {
                    weak.add(workload + " " + c.getName() + " writable /tmp");
                }
                if (c.getResources() == null
                        || c.getResources().getRequests().isEmpty()
                        || !c.getResources().getLimits().containsKey("memory")) {
                    weak.add(workload + " " + c.getName() + " resources (requests and a memory limit)");
                }
                if (!"IfNotPresent".equals(c.getImagePullPolicy()) || !image.equals(c.getImage())) {
                    weak.add(workload + " " + c.getName() + " image " + c.getImage() + " " + c.getImagePullPolicy());
                }
            });
        }
        return weak;
    }
}
