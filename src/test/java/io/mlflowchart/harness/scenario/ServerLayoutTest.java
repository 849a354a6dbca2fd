package io.mlflowchart.harness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.mlflowchart.harness.helm.Helm;
import io.mlflowchart.harness.helm.RenderedChart;
import io.mlflowchart.harness.helm.Template;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's objects are read from what the chart renders, whatever the release is called. */
class ServerLayoutTest {

    private static final Path CHART = Path.of("charts/mlflow");

    @Test
    void findsTheServerOfAReleaseNamedLikeTheChart() {
        assertThat(ServerLayout.of(dev("mlflow").render()))
                .isEqualTo(new ServerLayout(
                        "mlflow",
                        Map.of(
                                "app.kubernetes.io/name",
                                "mlflow",
                                "app.kubernetes.io/instance",
                                "mlflow",
                                "app.kubernetes.io/component",
                                "server"),
                        "mlflow",
                        5000,
                        Optional.of("mlflow-migration")));
    }

    @Test
    void findsTheServerOfAReleaseWithAnotherNameInTheProdProfile() {
        RenderedChart rendered = prodAsTeamA().render();

        ServerLayout layout = ServerLayout.of(rendered);

        assertThat(layout.deployment()).isEqualTo("tracking-mlflow");
        assertThat(layout.service()).isEqualTo("tracking-mlflow");
        assertThat(layout.migrationJob()).contains("tracking-mlflow-migration");
        assertThat(layout.podLabels()).containsEntry("app.kubernetes.io/instance", "tracking");
    }

    @Test
    void findsTheSecretAndDatabaseOfBasicAuth() {
        RenderedChart rendered = prodAsTeamA()
                .set("postgresql.external.database", "team_a")
                .set("auth.enabled", true)
                .setString("auth.existingSecret", "team-a-auth")
                .setString("auth.existingSecretKeys.username", "user")
                .render();

        ServerAuth auth = ServerLayout.of(rendered).auth().orElseThrow();

        assertThat(auth)
                .isEqualTo(new ServerAuth(
                        "team-a-auth",
                        "user",
                        "admin-password",
                        "flask-secret-key",
                        "postgresql+psycopg2://db.example:5432/team_a_auth"));
        assertThat(auth.postgresDatabase()).contains("team_a_auth");
        assertThat(ServerLayout.of(dev("mlflow").render()).auth()).isEmpty();
    }

    @Test
    void findsTheSecretAUserCreatesForTheWebhookKeyButNotTheOneTheChartDraws() {
        RenderedChart prod = prodAsTeamA().render();
        RenderedChart devWithOwnSecret = dev("mlflow")
                .setString("webhooks.existingSecret", "team-a-webhooks")
                .setString("webhooks.existingSecretKeys.encryptionKey", "fernet")
                .render();

        assertThat(ServerLayout.of(prod).webhookKey()).contains(new UserSecretKey("mlflow-webhooks", "encryption-key"));
        assertThat(ServerLayout.of(devWithOwnSecret).webhookKey())
                .contains(new UserSecretKey("team-a-webhooks", "fernet"));
        assertThat(ServerLayout.of(dev("mlflow").render()).webhookKey()).isEmpty();
    }

    @Test
    void findsTheSecretOfTheGatewayPassphraseOnlyWhenOneIsSet() {
        RenderedChart withPassphrase = prodAsTeamA()
                .setString("gateway.existingSecret", "team-a-gateway")
                .render();

        assertThat(ServerLayout.of(withPassphrase).gatewayPassphrase())
                .contains(new UserSecretKey("team-a-gateway", "kek-passphrase"));
        assertThat(ServerLayout.of(prodAsTeamA().render()).gatewayPassphrase())
                .as("MLflow's built-in passphrase")
                .isEmpty();
    }

    @Test
    void putsWhatSharesASecretIntoOneSecretWithEveryKey() {
        UserSecrets drawn = UserSecrets.draw();
        RenderedChart oneSecret = prodAsTeamA()
                .set("auth.enabled", true)
                .setString("auth.existingSecret", "team-a")
                .setString("webhooks.existingSecret", "team-a")
                .setString("gateway.existingSecret", "team-a")
                .render();

        assertThat(drawn.secretsFor(ServerLayout.of(oneSecret))).singleElement().satisfies(secret -> {
            assertThat(secret.getMetadata().getName()).isEqualTo("team-a");
            assertThat(secret.getStringData())
                    .containsOnlyKeys(
                            "admin-username", "admin-password", "flask-secret-key", "encryption-key", "kek-passphrase")
                    .containsEntry("admin-password", drawn.admin().password())
                    .containsEntry("encryption-key", drawn.webhookKey())
                    .containsEntry("kek-passphrase", drawn.gatewayPassphrase());
        });
        assertThat(drawn.secretsFor(ServerLayout.of(dev("mlflow").render())))
                .as("dev's own webhook key, no auth, the built-in passphrase")
                .isEmpty();
    }

    @Test
    void drawsWebhookKeysAsFernetDoes() {
        String key = UserSecrets.fernetKey();

        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(32);
        assertThat(key).hasSize(44).isNotEqualTo(UserSecrets.fernetKey());
    }

    @Test
    void refusesAChartWhoseServiceSelectsNoServerPod() {
        RenderedChart rendered = dev("mlflow").render();
        List<HasMetadata> withoutTheService = rendered.objects().stream()
                .filter(object -> !(object instanceof Service))
                .toList();

        assertThatThrownBy(() -> ServerLayout.of(new RenderedChart(withoutTheService, rendered.notes())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("expected one Service selecting the pods of Deployment mlflow, the chart renders []");
    }

    /** Release {@code tracking} in namespace {@code team-a}, prod profile, its backends' addresses given. */
    private static Template prodAsTeamA() {
        return Helm.locate()
                .template(CHART)
                .named("tracking")
                .inNamespace("team-a")
                .withValues(CHART.resolve("values-prod.yaml"))
                .set("postgresql.external.host", "db.example")
                .set("minio.external.endpoint", "http://s3.example:9000");
    }

    private static Template dev(String release) {
        return Helm.locate()
                .template(CHART)
                .named(release)
                .inNamespace("dev-smoke")
                .withValues(CHART.resolve("values-dev.yaml"));
    }
}
