package io.mlflowchart.harness.chart;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.mlflowchart.harness.helm.RenderedChart;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A chart as it would render with one deliberate flaw: a manifest under {@code src/test/resources/chart/flawed/}, fed
 * to a scanner of the gate to show that the scanner reports that flaw and nothing else.
 */
final class FlawedChart {

    private FlawedChart() {}

    /** The objects of {@code chart/flawed/<name>.yaml}, without NOTES. */
    static RenderedChart named(String name) {
        String resource = "/chart/flawed/" + name + ".yaml";
        try (InputStream manifest = FlawedChart.class.getResourceAsStream(resource)) {
            if (manifest == null) {
                throw new IllegalArgumentException("no fixture " + resource);
            }
            // A manifest of several documents parses to a list, of one document to the object itself.
            Object parsed = new KubernetesSerialization().unmarshal(manifest);
            List<HasMetadata> objects = parsed instanceof List<?> list
                    ? list.stream().map(HasMetadata.class::cast).toList()
                    : List.of((HasMetadata) parsed);
            return new RenderedChart(objects, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
