package io.mlflowchart.harness.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.json.Mappers;
import io.mlflowchart.harness.process.ExternalCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a chart renders to, from a chart folder or from the same chart packaged with {@code helm package}. */
class TemplateTest {

    private static final Path CHART = Path.of("charts/mlflow");

    private final Helm helm = Helm.locate();

    @Test
    void rendersAPackagedChartAsItsFolder(@TempDir Path packages) throws Exception {
        new ExternalCommand(
                        List.of(
                                helm.binary().toString(),
                                "package",
                                CHART.toString(),
                                "--destination",
                                packages.toString()),
                        Duration.ofMinutes(1))
                .run();
        Path packaged = packages.resolve("mlflow-" + chartVersion() + ".tgz");

        RenderedChart fromFolder = dev(CHART).render();
        RenderedChart fromPackage = dev(packaged).render();

        assertThat(names(fromPackage)).isNotEmpty().isEqualTo(names(fromFolder));
        assertThat(fromPackage.notes()).isNotBlank().isEqualTo(fromFolder.notes());
    }

    @Test
    void refusesAPathThatIsNoChart() {
        Path missing = CHART.resolve("no-such-chart.tgz");

        assertThatThrownBy(() -> dev(missing).render())
                .isInstanceOf(HelmException.class)
                .hasMessage("no chart at " + missing + ": give a chart folder or a packaged .tgz");
    }

    private Template dev(Path chart) {
        return helm.template(chart)
                .named("mlflow")
                .inNamespace("dev-smoke")
                .withValues(CHART.resolve("values-dev.yaml"));
    }

    private String chartVersion() throws Exception {
        return Mappers.YAML.readTree(helm.showChart(CHART)).path("version").asText();
    }

    private static List<String> names(RenderedChart rendered) {
        return rendered.objects().stream()
                .map(object -> object.getKind() + "/" + object.getMetadata().getName())
                .toList();
    }
}
