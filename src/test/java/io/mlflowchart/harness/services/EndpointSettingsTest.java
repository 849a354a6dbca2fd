package io.mlflowchart.harness.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code postgres.endpoint} and {@code s3.endpoint}: a given server replaces the container, or the settings fail early. */
class EndpointSettingsTest {

    @AfterEach
    void clearSettings() {
        Stream.of(PostgresEndpoint.ENDPOINT, PostgresEndpoint.USERNAME, PostgresEndpoint.PASSWORD,
                S3Endpoint.ENDPOINT, S3Endpoint.ACCESS_KEY, S3Endpoint.SECRET_KEY)
            .forEach(setting -> System.clearProperty(setting.name()));
    }

    @Test
    void givesNoEndpointWhenNoneIsSet() {
        assertThat(PostgresEndpoint.fromSettings()).isEmpty();
        assertThat(S3Endpoint.fromSettings()).isEmpty();
    }

    @Test
    void connectsThisMachineAndPodsToAGivenPostgresAsGiven() {
        givePostgres("db.example.com:5433");

        PostgresEndpoint postgres = PostgresEndpoint.fromSettings().orElseThrow();

        assertThat(postgres.address()).isEqualTo("db.example.com:5433");
        assertThat(postgres.addressFor(null, "prod-smoke")).isEqualTo(InetSocketAddress.createUnresolved("db.example.com", 5433));
        assertThat(postgres.getUsername()).isEqualTo("admin");
    }

    @Test
    void takesPostgresDefaultPortWhenTheEndpointHasNone() {
        givePostgres("10.0.0.7");

        assertThat(PostgresEndpoint.fromSettings().orElseThrow().address()).isEqualTo("10.0.0.7:5432");
    }

    @ParameterizedTest
    @ValueSource(strings = {"db.example.com:port", "jdbc:postgresql://db:5432/mlflow", ":5432"})
    void refusesAPostgresEndpointThatIsNotHostAndPort(String endpoint) {
        givePostgres(endpoint);

        assertThatThrownBy(PostgresEndpoint::fromSettings)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("postgres.endpoint=" + endpoint + " (or POSTGRES_ENDPOINT): expected host:port, e.g. db.example.com:5432");
    }

    @Test
    void refusesAPostgresEndpointWithoutItsUser() {
        System.setProperty("postgres.endpoint", "db.example.com:5432");

        assertThatThrownBy(PostgresEndpoint::fromSettings)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs postgres.username and postgres.password");
    }

    @Test
    void usesAGivenS3EndpointAsGiven() {
        giveS3("http://minio.example.com:9000");

        S3Endpoint store = S3Endpoint.fromSettings().orElseThrow();

        assertThat(store.endpoint()).isEqualTo("http://minio.example.com:9000");
        assertThat(store.endpointFor(null, "prod-smoke")).isEqualTo("http://minio.example.com:9000");
        assertThat(store.accessKey()).isEqualTo("access");
    }

    @ParameterizedTest
    @ValueSource(strings = {"minio.example.com:9000", "s3://bucket", "http://minio.example.com:9000/mlflow"})
    void refusesAnS3EndpointThatIsNotAnHttpUrl(String endpoint) {
        giveS3(endpoint);

        assertThatThrownBy(S3Endpoint::fromSettings)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("s3.endpoint=" + endpoint + " (or S3_ENDPOINT): expected an http or https URL");
    }

    @Test
    void refusesAnS3EndpointWithoutItsKeys() {
        System.setProperty("s3.endpoint", "http://minio.example.com:9000");

        assertThatThrownBy(S3Endpoint::fromSettings)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("needs s3.access-key and s3.secret-key");
    }

    private static void givePostgres(String endpoint) {
        System.setProperty("postgres.endpoint", endpoint);
        System.setProperty("postgres.username", "admin");
        System.setProperty("postgres.password", "secret");
    }

    private static void giveS3(String endpoint) {
        System.setProperty("s3.endpoint", endpoint);
        System.setProperty("s3.access-key", "access");
        System.setProperty("s3.secret-key", "secret");
    }
}
