package io.mlflowchart.harness.mlflow;

import io.mlflowchart.harness.mlflow.DataSnapshot.WebhookSnapshot;
import java.util.List;

/**
 * The model registry webhooks the dataset writes: a disabled one told of models, versions and aliases created, with a
 * description; one told only of a version tag deleted, sent without description or status, so the server fills in
 * its defaults. The first has a secret, which no server ever serves back: MLflow encrypts it with
 * MLFLOW_WEBHOOK_SECRET_ENCRYPTION_KEY (dbmodels/models.py EncryptedString, 3.3.0 to 3.17.2), which the chart and
 * MlflowContainer set and the runbook's backup sets carry; unset, each server process draws a key at random and every
 * later listing in another process (another worker, after a restart or an upgrade) fails whole with HTTP 500 on the
 * row it cannot decrypt (mlflow/mlflow#19896, open; MlflowClientIT pins it), so the secret checks that the key reaches
 * every server and survives a restore. Neither is ever delivered to: the dataset never deletes a version tag, and a
 * disabled
 * webhook is not called. Their address is an IP literal of the deprecated 6to4 relay anycast block (192.88.99.0/24,
 * RFC 7526), global to Python's {@code ipaddress} as 3.17.2 wants (validation.py {@code _validate_webhook_url}: https,
 * a host resolving to public addresses only) and resolvable without DNS, which a test cluster may lack.
 */
final class DatasetWebhooks {

    /** An https address no one answers at, for what the dataset registers but nothing calls: see above. */
    static final String UNREACHABLE = "https://192.88.99.1/";

    private static final String URL = UNREACHABLE + "mlflow-chart/";

    /** What the server signs deliveries with (HMAC); stored encrypted, never served. */
    private static final String SECRET = "whsec-mlflow-chart-0123456789abcdef";

    /** The status MLflow gives a webhook created without one (sqlalchemy_store.py create_webhook, 3.3.0 to 3.17.2). */
    static final String DEFAULT_STATUS = "ACTIVE";

    private DatasetWebhooks() {}

    /** The webhooks as sent, their names starting with {@code namePrefix}. */
    static List<Webhook.Request> requests(String namePrefix) {
        String registry = namePrefix + "registry-events";
        String tags = namePrefix + "tag-deletions";
        return List.of(
                new Webhook.Request(
                        new Webhook(
                                null,
                                registry,
                                "Tells CI of new models, versions and aliases — ünïcödé ✓",
                                URL + registry,
                                List.of(
                                        new Webhook.Event("REGISTERED_MODEL", "CREATED"),
                                        new Webhook.Event("MODEL_VERSION", "CREATED"),
                                        new Webhook.Event("MODEL_VERSION_ALIAS", "CREATED")),
                                "DISABLED",
                                null,
                                null),
                        SECRET),
                new Webhook.Request(
                        new Webhook(
                                null,
                                tags,
                                null,
                                URL + tags,
                                List.of(new Webhook.Event("MODEL_VERSION_TAG", "DELETED")),
                                null,
                                null,
                                null),
                        null));
    }

    /** What a server serves for {@code request}: no secret, its default status if none was sent, no id known yet. */
    static WebhookSnapshot expected(Webhook.Request request) {
        Webhook webhook = request.webhook();
        return new WebhookSnapshot(
                null,
                webhook.name(),
                webhook.description(),
                webhook.url(),
                webhook.sortedEvents(),
                webhook.status() == null ? DEFAULT_STATUS : webhook.status(),
                null);
    }
}
