package io.mlflowchart.harness.helm;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What Argo CD does with a chart it rendered with {@code helm template}, read from the objects' annotations by Argo
 * CD's own rules (gitops-engine {@code pkg/sync/hook}, {@code syncwaves}): which objects it applies, in which phase
 * (PreSync, Sync, PostSync) and wave, which are hooks and when it deletes them, and which it never applies.
 * <ul>
 *   <li>An {@code argocd.argoproj.io/hook} annotation decides; without one, {@code helm.sh/hook} maps pre-install and
 *       pre-upgrade to PreSync, post-install and post-upgrade to PostSync. A Helm hook Argo CD has no phase for
 *       ({@code test}) and a {@code Skip} hook are never applied; so are SyncFail and deletion hooks in a sync that
 *       succeeds.
 *   <li>Wave: {@code argocd.argoproj.io/sync-wave}, else {@code helm.sh/hook-weight}, else 0.
 *   <li>Hook delete policies: Argo CD's and Helm's together (before-hook-creation is BeforeHookCreation, ...), and
 *       BeforeHookCreation when there is none.
 * </ul>
 */
public record ArgoSyncPlan(List<Wave> waves, List<HasMetadata> neverApplied) {

    public ArgoSyncPlan {
        waves = List.copyOf(waves);
        neverApplied = List.copyOf(neverApplied);
    }

    static final String HOOK = "argocd.argoproj.io/hook";
    static final String SYNC_WAVE = "argocd.argoproj.io/sync-wave";
    static final String DELETE_POLICY = "argocd.argoproj.io/hook-delete-policy";
    static final String HELM_HOOK = "helm.sh/hook";
    static final String HELM_WEIGHT = "helm.sh/hook-weight";
    static final String HELM_DELETE_POLICY = "helm.sh/hook-delete-policy";

    /** The sync phases Argo CD runs, in order. */
    public enum Phase {
        PRE_SYNC("PreSync"),
        SYNC("Sync"),
        POST_SYNC("PostSync");

        final String annotation;

        Phase(String annotation) {
            this.annotation = annotation;
        }

        static Optional<Phase> ofArgo(String text) {
            return Arrays.stream(values())
                    .filter(p -> p.annotation.equals(text))
                    .findFirst();
        }

        static Optional<Phase> ofHelm(String text) {
            return switch (text) {
                case "pre-install", "pre-upgrade" -> Optional.of(PRE_SYNC);
                case "post-install", "post-upgrade" -> Optional.of(POST_SYNC);
                default -> Optional.empty();
            };
        }

        @Override
        public String toString() {
            return annotation;
        }
    }

    /** When Argo CD deletes a hook: before creating it again, once the sync succeeded, once it failed. */
    public enum DeletePolicy {
        BEFORE_HOOK_CREATION("BeforeHookCreation", "before-hook-creation"),
        HOOK_SUCCEEDED("HookSucceeded", "hook-succeeded"),
        HOOK_FAILED("HookFailed", "hook-failed");

        final String argo;
        final String helm;

        DeletePolicy(String argo, String helm) {
            this.argo = argo;
            this.helm = helm;
        }
    }

    /** One object as Argo CD applies it: a hook (created, awaited, deleted by policy) or a resource kept in sync. */
    public record Entry(HasMetadata object, boolean hook, Set<DeletePolicy> deletePolicies) {

        public String id() {
            return object.getKind() + "/" + object.getMetadata().getName();
        }

        @Override
        public String toString() {
            return (hook ? "hook " : "") + id();
        }
    }

    /** The objects of one phase and wave, in the order Argo CD applies them; it waits for them before the next. */
    public record Wave(Phase phase, int number, List<Entry> entries) {

        public Wave {
            entries = List.copyOf(entries);
        }

        @Override
        public String toString() {
            return phase + " wave " + number + " " + entries;
        }
    }

    /**
     * Kinds in the order Argo CD applies them within one wave (gitops-engine's kind order, the kinds a chart like this
     * one renders); other kinds come after these, by name.
     */
    private static final List<String> KIND_ORDER = List.of(
            "Namespace",
            "NetworkPolicy",
            "ResourceQuota",
            "LimitRange",
            "PodSecurityPolicy",
            "PodDisruptionBudget",
            "ServiceAccount",
            "Secret",
            "SecretList",
            "ConfigMap",
            "StorageClass",
            "PersistentVolume",
            "PersistentVolumeClaim",
            "CustomResourceDefinition",
            "ClusterRole",
            "ClusterRoleList",
            "ClusterRoleBinding",
            "ClusterRoleBindingList",
            "Role",
            "RoleList",
            "RoleBinding",
            "RoleBindingList",
            "Service",
            "DaemonSet",
            "Pod",
            "ReplicationController",
            "ReplicaSet",
            "Deployment",
            "HorizontalPodAutoscaler",
            "StatefulSet",
            "Job",
            "CronJob",
            "IngressClass",
            "Ingress",
            "APIService");

    public static ArgoSyncPlan of(RenderedChart chart) {
        Map<Phase, TreeMap<Integer, List<Entry>>> phases = new TreeMap<>();
        List<HasMetadata> neverApplied = new ArrayList<>();
        for (HasMetadata object : chart.objects()) {
            Map<String, String> annotations = annotations(object);
            boolean hook = annotations.containsKey(HOOK)
                    || (annotations.containsKey(HELM_HOOK) && !"crd-install".equals(annotations.get(HELM_HOOK)));
            Set<Phase> objectPhases = hook ? hookPhases(annotations) : EnumSet.of(Phase.SYNC);
            if (objectPhases.isEmpty()) {
                neverApplied.add(object);
                continue;
            }
            Entry entry = new Entry(object, hook, hook ? deletePolicies(annotations) : Set.of());
            for (Phase phase : objectPhases) {
                phases.computeIfAbsent(phase, p -> new TreeMap<>())
                        .computeIfAbsent(wave(annotations), w -> new ArrayList<>())
                        .add(entry);
            }
        }
        List<Wave> waves = new ArrayList<>();
        phases.forEach((phase, byWave) -> byWave.forEach((number, entries) -> waves.add(new Wave(
                phase,
                number,
                entries.stream()
                        .sorted(Comparator.comparingInt((Entry e) -> kindRank(e.object()))
                                .thenComparing(e -> e.object().getMetadata().getName()))
                        .toList()))));
        return new ArgoSyncPlan(waves, neverApplied);
    }

    /** The wave in which the object of that kind and name is applied, if it is. */
    public Optional<Wave> waveOf(String kind, String name) {
        return waves.stream()
                .filter(w -> w.entries().stream()
                        .anyMatch(e -> e.object().getKind().equals(kind)
                                && e.object().getMetadata().getName().equals(name)))
                .findFirst();
    }

    /** Argo CD's hook types when the object has any, else the ones it maps Helm's to; only those that run in a sync. */
    private static Set<Phase> hookPhases(Map<String, String> annotations) {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        if (annotations.containsKey(HOOK)) {
            // Skip, SyncFail, PreDelete, PostDelete: known to Argo CD, but none runs in a sync that succeeds.
            csv(annotations.get(HOOK)).forEach(t -> Phase.ofArgo(t).ifPresent(phases::add));
            return phases;
        }
        csv(annotations.getOrDefault(HELM_HOOK, ""))
                .forEach(t -> Phase.ofHelm(t).ifPresent(phases::add));
        return phases;
    }

    private static Set<DeletePolicy> deletePolicies(Map<String, String> annotations) {
        Set<DeletePolicy> policies = EnumSet.noneOf(DeletePolicy.class);
        for (DeletePolicy policy : DeletePolicy.values()) {
            if (csv(annotations.getOrDefault(DELETE_POLICY, "")).contains(policy.argo)
                    || csv(annotations.getOrDefault(HELM_DELETE_POLICY, "")).contains(policy.helm)) {
                policies.add(policy);
            }
        }
        return policies.isEmpty() ? EnumSet.of(DeletePolicy.BEFORE_HOOK_CREATION) : policies;
    }

    private static int wave(Map<String, String> annotations) {
        String text = annotations.getOrDefault(SYNC_WAVE, annotations.getOrDefault(HELM_WEIGHT, "0"));
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int kindRank(HasMetadata object) {
        int rank = KIND_ORDER.indexOf(object.getKind());
        return rank < 0 ? KIND_ORDER.size() : rank;
    }

    private static List<String> csv(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).toList();
    }

    private static Map<String, String> annotations(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? Map.of() : annotations;
    }
}
