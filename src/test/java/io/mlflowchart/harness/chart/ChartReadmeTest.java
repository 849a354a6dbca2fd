package io.mlflowchart.harness.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The chart README's values table is the one values.yaml's comments generate. */
class ChartReadmeTest {

    private static final Path README = MlflowChart.DIR.resolve("README.md");

    private static final String START = "<!-- values table: generated from values.yaml by ChartReadmeTest -->\n";

    private static final String END = "<!-- end of values table -->";

    /** Rewrites a stale table instead of failing, for the commit that changes values.yaml. */
    private static final String UPDATE_PROPERTY = "chart.readme.update";

    @Test
    void valuesTableMatchesTheCommentsInValuesYaml() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf(START);
        int end = readme.indexOf(END);
        assertThat(start).as("%s has the marker %s", README, START.strip()).isNotNegative();
        assertThat(end).as("%s has the marker %s", README, END).isGreaterThan(start);

        String table = ValuesTable.from(MlflowChart.DIR.resolve("values.yaml"));
        if (Boolean.getBoolean(UPDATE_PROPERTY)) {
            Files.writeString(README, readme.substring(0, start + START.length()) + table + readme.substring(end));
            return;
        }
        assertThat(readme.substring(start + START.length(), end))
                .as(
                        "values table in %s is stale: run mvn test -Dtest=ChartReadmeTest -D%s=true",
                        README, UPDATE_PROPERTY)
                .isEqualTo(table);
    }
}
