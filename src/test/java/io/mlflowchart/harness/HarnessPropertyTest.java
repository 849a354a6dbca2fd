package io.mlflowchart.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A setting is the system property, else the environment variable in capitals with underscores, else the default. */
class HarnessPropertyTest {

    private static final HarnessProperty ACCESS_KEY = new HarnessProperty("s3.access-key", "minioadmin");

    @Test
    void namesItsEnvironmentVariableInCapitalsWithUnderscores() {
        assertThat(ACCESS_KEY.environmentVariable()).isEqualTo("S3_ACCESS_KEY");
    }

    @Test
    void prefersTheSystemPropertyToTheEnvironmentVariable() {
        Settings both =
                new Settings(Map.of("s3.access-key", "from-property"), Map.of("S3_ACCESS_KEY", "from-environment"));

        assertThat(ACCESS_KEY.valueIn(both)).isEqualTo("from-property");
    }

    @Test
    void readsTheEnvironmentVariableWhenNoPropertyIsSet() {
        assertThat(ACCESS_KEY.valueIn(new Settings(Map.of(), Map.of("S3_ACCESS_KEY", "from-environment"))))
                .isEqualTo("from-environment");
    }

    @Test
    void takesABlankValueAsUnset() {
        assertThat(ACCESS_KEY.valueIn(
                        new Settings(Map.of("s3.access-key", " "), Map.of("S3_ACCESS_KEY", "from-environment"))))
                .isEqualTo("from-environment");
        assertThat(ACCESS_KEY.valueIn(new Settings(Map.of(), Map.of("S3_ACCESS_KEY", ""))))
                .isEqualTo("minioadmin");
    }

    @Test
    void givesTheDefaultWhenNeitherIsSet() {
        Settings others =
                new Settings(Map.of("s3.endpoint", "http://s3:9000"), Map.of("S3_ENDPOINT", "http://s3:9000"));

        assertThat(ACCESS_KEY.valueIn(others)).isEqualTo("minioadmin");
    }

    @Test
    void readsTheSystemPropertiesAndEnvironmentOfThisProcess() {
        Settings process = Settings.ofThisProcess();

        assertThat(process.systemProperties())
                .containsEntry("java.specification.version", System.getProperty("java.specification.version"));
        assertThat(process.environment()).isEqualTo(System.getenv());
    }
}
