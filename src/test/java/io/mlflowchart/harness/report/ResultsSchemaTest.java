package io.mlflowchart.harness.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code results.json} is what CI and other tools read, so its schema is documented in
 * {@code src/test/resources/report/results.schema.json}; these tests keep the two from drifting apart.
 */
class ResultsSchemaTest {

    static final Schema SCHEMA = load("/report/results.schema.json");

    @TempDir
    Path reports;

    @Test
    void resultsJsonMatchesItsSchema() throws Exception {
        String results = writtenResults();

        assertThat(SCHEMA.validate(results, InputFormat.JSON)).isEmpty();
        assertThat(results).contains("\"schemaVersion\" : " + RunResults.SCHEMA_VERSION);
    }

    @Test
    void schemaRefusesAFieldItDoesNotDescribe() throws Exception {
        String withUndescribedField = writtenResults().replace("\"line\" : 11,", "\"line\" : 11, \"retries\" : 1,");

        List<Error> errors = SCHEMA.validate(withUndescribedField, InputFormat.JSON);

        assertThat(errors)
                .singleElement()
                .extracting(Error::getMessage)
                .asString()
                .contains("retries");
    }

    private String writtenResults() throws IOException {
        RunReport report = RunReport.start(reports)
                .describe("Helm", "v3.19.0")
                .describe("k3s image", "rancher/k3s:v1.34.4-k3s1 (sha256:104c6cdf8ec3)");
        report.add(ExampleRun.PASSED);
        report.add(ExampleRun.FAILED);
        return Files.readString(report.directory().resolve("results.json"));
    }

    private static Schema load(String resource) {
        try (InputStream schema = ResultsSchemaTest.class.getResourceAsStream(resource)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(schema);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
