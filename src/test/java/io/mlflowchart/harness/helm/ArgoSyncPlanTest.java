package io.mlflowchart.harness.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.helm.ArgoSyncPlan.DeletePolicy;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Argo CD's reading of hook annotations (gitops-engine's rules), on objects made to show each rule. */
class ArgoSyncPlanTest {

    private static String object(String kind, String name, String... annotations) {
        StringBuilder yaml =
                new StringBuilder("---\napiVersion: v1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n");
        if (annotations.length > 0) {
            yaml.append("  annotations:\n");
            for (int i = 0; i < annotations.length; i += 2) {
                yaml.append("    ")
                        .append(annotations[i])
                        .append(": \"")
                        .append(annotations[i + 1])
                        .append("\"\n");
            }
        }
        return yaml.toString();
    }

    private static ArgoSyncPlan plan(String... objects) {
        return ArgoSyncPlan.of(new RenderedChart(Template.parse(String.join("", objects)), ""));
    }

    @Test
    void mapsHelmHooksToPhasesAndTheirWeightsToWaves() {
        ArgoSyncPlan plan = plan(
                object("ConfigMap", "post", "helm.sh/hook", "post-install,post-upgrade"),
                object("ConfigMap", "pre", "helm.sh/hook", "pre-upgrade", "helm.sh/hook-weight", "-5"),
                object("ConfigMap", "app"));

        assertThat(plan.waves())
                .extracting(Object::toString)
                .containsExactly(
                        "PreSync wave -5 [hook ConfigMap/pre]",
                        "Sync wave 0 [ConfigMap/app]",
                        "PostSync wave 0 [hook ConfigMap/post]");
    }

    @Test
    void letsAnArgoCdHookOverrideTheHelmHookOfTheSameObject() {
        ArgoSyncPlan plan = plan(object(
                "Secret",
                "both",
                "helm.sh/hook",
                "pre-install",
                "helm.sh/hook-weight",
                "-10",
                "argocd.argoproj.io/hook",
                "Sync",
                "argocd.argoproj.io/sync-wave",
                "-2"));

        assertThat(plan.waves()).extracting(Object::toString).containsExactly("Sync wave -2 [hook Secret/both]");
    }

    @Test
    void neverAppliesHelmTestsNorSkippedObjects() {
        ArgoSyncPlan plan = plan(
                object("Pod", "test", "helm.sh/hook", "test"),
                object("ConfigMap", "skipped", "argocd.argoproj.io/hook", "Skip"),
                object("ConfigMap", "app"));

        assertThat(plan.neverApplied())
                .extracting(o -> o.getMetadata().getName())
                .containsExactly("test", "skipped");
        assertThat(plan.waves()).extracting(Object::toString).containsExactly("Sync wave 0 [ConfigMap/app]");
    }

    @Test
    void joinsArgoCdAndHelmDeletePoliciesAndDefaultsToBeforeHookCreation() {
        ArgoSyncPlan plan = plan(
                object(
                        "Secret",
                        "both",
                        "argocd.argoproj.io/hook",
                        "Sync",
                        "argocd.argoproj.io/hook-delete-policy",
                        "HookSucceeded",
                        "helm.sh/hook-delete-policy",
                        "hook-failed"),
                object("Secret", "none", "argocd.argoproj.io/hook", "Sync"));

        assertThat(plan.waves().get(0).entries())
                .extracting(ArgoSyncPlan.Entry::deletePolicies)
                .containsExactly(
                        Set.of(DeletePolicy.HOOK_SUCCEEDED, DeletePolicy.HOOK_FAILED),
                        Set.of(DeletePolicy.BEFORE_HOOK_CREATION));
    }

    @Test
    void appliesAWaveInArgoCdsKindOrderThenByName() {
        ArgoSyncPlan plan = plan(
                object("Job", "a-job"),
                object("PersistentVolumeClaim", "b-claim"),
                object("Secret", "z-secret"),
                object("Secret", "a-secret"));

        assertThat(plan.waves().get(0).entries())
                .extracting(ArgoSyncPlan.Entry::id)
                .isEqualTo(List.of("Secret/a-secret", "Secret/z-secret", "PersistentVolumeClaim/b-claim", "Job/a-job"));
    }
}
