package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On the harness's nodes the prod server asks for the dev profile's CPU, and nothing else of the profile changes. */
class TestNodeRequestsTest {

    private static final Path CHART = Path.of("charts/mlflow");

    @Test
    void lowersOnlyTheProdServersCpuRequest() {
        ResourceRequirements profile = serverResources(prod());
        ResourceRequirements onTestNode = serverResources(TestNodeRequests.applyTo(prod()));

        assertThat(profile.getRequests().get("cpu")).isEqualTo(new Quantity("500m"));
        assertThat(onTestNode.getRequests())
                .isEqualTo(Map.of("cpu", new Quantity(TestNodeRequests.SERVER_CPU), "memory", new Quantity("1Gi")));
        assertThat(onTestNode.getLimits()).isEqualTo(profile.getLimits());
    }

    @Test
    void leavesTheLastWordToTheScenariosOwnValues(@TempDir Path dir) throws IOException {
        Path scenarioValues = Files.writeString(dir.resolve("values.yaml"), "resources:\n  requests:\n    cpu: 750m\n");

        ResourceRequirements resources =
                serverResources(TestNodeRequests.applyTo(prod()).withValues(scenarioValues));

        assertThat(resources.getRequests().get("cpu")).isEqualTo(new Quantity("750m"));
    }

    private static Template prod() {
        return Helm.locate()
                .template(CHART)
                .named("mlflow")
                .inNamespace("requests")
                .withValues(CHART.resolve("values-prod.yaml"))
                .set("postgresql.external.host", "db.example")
                .set("minio.external.endpoint", "http://s3.example:9000");
    }

    private static ResourceRequirements serverResources(Template template) {
        return template.render()
                .only(Deployment.class)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getResources();
    }
}
