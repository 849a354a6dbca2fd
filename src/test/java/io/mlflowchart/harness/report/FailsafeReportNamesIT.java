package io.mlflowchart.harness.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * CI tools read failsafe's JUnit XML: every scenario test there is named after its scenario and step, so a red build
 * says which scenario failed. Runs after the scenarios, in failsafe's second execution (pom.xml), and compares the
 * XML's test names with the scenarios and steps of the run's results.json.
 */
class FailsafeReportNamesIT {

    private static final Path XML =
            Path.of("target/failsafe-reports/TEST-io.mlflowchart.harness.scenario.ScenariosIT.xml");

    private static final Path RESULTS = Path.of("reports/latest/results.json");

    @Test
    void namesEveryScenarioTestAfterItsScenarioAndStep() throws Exception {
        assumeTrue(Files.isRegularFile(XML) && Files.isRegularFile(RESULTS), "ScenariosIT has not run in this target/");

        assertThat(testNames()).as("test names in %s", XML).containsExactlyInAnyOrderElementsOf(expectedNames());
    }

    private static List<String> testNames() throws Exception {
        NodeList cases = DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(XML.toFile())
                .getElementsByTagName("testcase");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < cases.getLength(); i++) {
            names.add(((Element) cases.item(i)).getAttribute("name"));
        }
        return names;
    }

    /** {@code <scenario> <NN step>} for every step, then {@code <scenario> teardown}. */
    private static List<String> expectedNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (JsonNode scenario : Mappers.JSON.readTree(RESULTS.toFile()).get("scenarios")) {
            String prefix = scenario.get("name").asText() + " ";
            JsonNode steps = scenario.get("steps");
            for (int i = 0; i < steps.size(); i++) {
                names.add(prefix
                        + String.format(
                                "%02d %s", i + 1, steps.get(i).get("name").asText()));
            }
            names.add(prefix + "teardown");
        }
        return names;
    }
}
