package io.mlflowchart.harness.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.Settings;
import java.net.InetSocketAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code postgres.endpoint} and {@code s3.endpoint}: a given server replaces the container, or the settings fail early. */
class EndpointSettingsTest {

    private static final Settings NONE = new Settings(Map.of(), Map.of());

    @Test
    void givesNoEndpointWhenNoneIsSet() {
        assertThat(PostgresEndpoint.fromSettings(NONE)).isEmpty();
        assertThat(S3Endpoint.fromSettings(NONE)).isEmpty();
    }

    @Test
    void connectsThisMachineAndPodsToAGivenPostgresAsGiven() {
        PostgresEndpoint postgres =
                PostgresEndpoint.fromSettings(postgres("db.example.com:5433")).orElseThrow();

        assertThat(postgres.address()).isEqualTo("db.example.com:5433");
        assertThat(postgres.addressFor(null, "prod-smoke"))
                .isEqualTo(InetSocketAddress.createUnresolved("db.example.com", 5433));
        assertThat(postgres.getUsername()).isEqualTo("admin");
    }

    @Test
    void takesPostgresDefaultPortWhenTheEndpointHasNone() {
        assertThat(PostgresEndpoint.fromSettings(postgres("10.0.0.7"))
                        .orElseThrow()
                        .address())
                .isEqualTo("10.0.0.7:5432");
    }

    @Test
    void readsTheEndpointFromTheEnvironmentAsCiGivesIt() {
        Settings environment = new Settings(
                Map.of(),
                Map.of("POSTGRES_ENDPOINT", "db.ci:5432", "POSTGRES_USERNAME", "ci", "POSTGRES_PASSWORD", "ci-secret"));

        PostgresEndpoint postgres = PostgresEndpoint.fromSettings(environment).orElseThrow();

        assertThat(postgres.address()).isEqualTo("db.ci:5432");
        assertThat(postgres.getPassword()).isEqualTo("ci-secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.example.com:port", "jdbc:postgresql://db:5432/mlflow", ":5432"})
    void refusesAPostgresEndpointThatIsNotHostAndPort(String endpoint) {
        assertThatThrownBy(() -> PostgresEndpoint.fromSettings(postgres(endpoint)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("postgres.endpoint=" + endpoint + " (or POSTGRES_ENDPOINT): expected host:port,"
                        + " e.g. db.example.com:5432");
    }

    @Test
    void refusesAPostgresEndpointWithoutItsUser() {
        Settings endpointOnly = new Settings(Map.of("postgres.endpoint", "db.example.com:5432"), Map.of());

        assertThatThrownBy(() -> PostgresEndpoint.fromSettings(endpointOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("postgres.endpoint=db.example.com:5432 needs postgres.username and postgres.password too"
                        + " (or POSTGRES_USERNAME and POSTGRES_PASSWORD): a user that may create databases");
    }

    @Test
    void usesAGivenS3EndpointAsGiven() {
        S3Endpoint store =
                S3Endpoint.fromSettings(s3("http://minio.example.com:9000")).orElseThrow();

        assertThat(store.endpoint()).isEqualTo("http://minio.example.com:9000");
        assertThat(store.endpointFor(null, "prod-smoke")).isEqualTo("http://minio.example.com:9000");
        assertThat(store.accessKey()).isEqualTo("access");
    }

    @ParameterizedTest
    @ValueSource(strings = {"minio.example.com:9000", "s3://bucket", "http://minio.example.com:9000/mlflow"})
    void refusesAnS3EndpointThatIsNotAnHttpUrl(String endpoint) {
        assertThatThrownBy(() -> S3Endpoint.fromSettings(s3(endpoint)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("s3.endpoint=" + endpoint + " (or S3_ENDPOINT): expected an http or https URL");
    }

    @Test
    void refusesAnS3EndpointWithoutItsKeys() {
        Settings endpointOnly = new Settings(Map.of("s3.endpoint", "http://minio.example.com:9000"), Map.of());

        assertThatThrownBy(() -> S3Endpoint.fromSettings(endpointOnly))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("s3.endpoint=http://minio.example.com:9000 needs s3.access-key and s3.secret-key too"
                        + " (or S3_ACCESS_KEY and S3_SECRET_KEY): keys that may create buckets");
    }

    private static Settings postgres(String endpoint) {
        return new Settings(
                Map.of("postgres.endpoint", endpoint, "postgres.username", "admin", "postgres.password", "secret"),
                Map.of());
    }

    private static Settings s3(String endpoint) {
        return new Settings(
                Map.of("s3.endpoint", endpoint, "s3.access-key", "access", "s3.secret-key", "secret"), Map.of());
    }
}
