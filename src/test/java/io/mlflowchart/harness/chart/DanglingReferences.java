package io.mlflowchart.harness.chart;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.mlflowchart.harness.helm.RenderedChart;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * References to Secrets, ConfigMaps, claims and service accounts that the chart neither renders nor the values declare
 * existing, from workloads' env, envFrom and volumes and from Ingress TLS. Each reads {@code Kind/name <reference> <name>}.
 */
final class DanglingReferences {

    private DanglingReferences() {}

    /** {@code existingSecrets}: Secrets the values say exist outside the chart. */
    static List<String> in(RenderedChart chart, Set<String> existingSecrets) {
        return in(chart, existingSecrets, Set.of());
    }

    /** {@code existingSecrets}, {@code existingConfigMaps}: objects the values say exist outside the chart. */
    static List<String> in(RenderedChart chart, Set<String> existingSecrets, Set<String> existingConfigMaps) {
        Set<String> secrets = names(chart, Secret.class);
        secrets.addAll(existingSecrets);
        Set<String> configMaps = names(chart, ConfigMap.class);
        configMaps.addAll(existingConfigMaps);
        Set<String> claims = names(chart, PersistentVolumeClaim.class);
        Set<String> serviceAccounts = names(chart, ServiceAccount.class);

        List<String> dangling = new ArrayList<>();
        for (Workload workload : Workload.all(chart)) {
            workload.containers()
                    .flatMap(c -> c.getEnv().stream())
                    .map(EnvVar::getValueFrom)
                    .filter(Objects::nonNull)
                    .map(v -> v.getSecretKeyRef())
                    .filter(Objects::nonNull)
                    .filter(ref -> !secrets.contains(ref.getName()))
                    .forEach(ref -> dangling.add(workload + " env from Secret " + ref.getName()));
            workload.containers().flatMap(c -> c.getEnvFrom().stream()).forEach(source -> {
                if (source.getSecretRef() != null
                        && !secrets.contains(source.getSecretRef().getName())) {
                    dangling.add(workload + " envFrom Secret "
                            + source.getSecretRef().getName());
                }
                if (source.getConfigMapRef() != null
                        && !configMaps.contains(source.getConfigMapRef().getName())) {
                    dangling.add(workload + " envFrom ConfigMap "
                            + source.getConfigMapRef().getName());
                }
            });
            for (Volume volume : workload.spec().getVolumes()) {
                if (volume.getSecret() != null
                        && !secrets.contains(volume.getSecret().getSecretName())) {
                    dangling.add(workload + " volume from Secret "
                            + volume.getSecret().getSecretName());
                }
                if (volume.getConfigMap() != null
                        && !configMaps.contains(volume.getConfigMap().getName())) {
                    dangling.add(workload + " volume from ConfigMap "
                            + volume.getConfigMap().getName());
                }
                if (volume.getPersistentVolumeClaim() != null
                        && !claims.contains(volume.getPersistentVolumeClaim().getClaimName())) {
                    dangling.add(workload + " volume from claim "
                            + volume.getPersistentVolumeClaim().getClaimName());
                }
            }
            String account = workload.spec().getServiceAccountName();
            if (account != null && !serviceAccounts.contains(account)) {
                dangling.add(workload + " service account " + account);
            }
        }
        chart.all(Ingress.class).stream()
                .flatMap(i -> i.getSpec().getTls().stream())
                .map(IngressTLS::getSecretName)
                .filter(name -> !secrets.contains(name))
                .forEach(name -> dangling.add("Ingress TLS Secret " + name));
        return dangling;
    }

    private static <T extends HasMetadata> Set<String> names(RenderedChart chart, Class<T> kind) {
        Set<String> names = new HashSet<>();
        chart.all(kind).forEach(o -> names.add(o.getMetadata().getName()));
        return names;
    }
}
