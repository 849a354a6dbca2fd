package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.mlflowchart.harness.json.Mappers;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookTest {

    /** What the 3.17.2 client's RestStore.create_webhook sends (message_to_json of CreateWebhook) for the same webhook. */
    @Test
    void writesTheRequestAsThe3172ClientSendsIt() throws Exception {
        Webhook.Request request = new Webhook.Request(
                new Webhook(
                        null,
                        "registry-events",
                        "d",
                        "https://192.88.99.1/x",
                        List.of(new Webhook.Event("REGISTERED_MODEL", "CREATED")),
                        "DISABLED",
                        null,
                        null),
                "s");
        String python = "{\"name\": \"registry-events\", \"description\": \"d\", \"url\": \"https://192.88.99.1/x\","
                + " \"events\": [{\"entity\": \"REGISTERED_MODEL\", \"action\": \"CREATED\"}], \"secret\": \"s\","
                + " \"status\": \"DISABLED\"}";

        assertThat((Object) Mappers.MLFLOW.valueToTree(request.toJson())).isEqualTo(Mappers.MLFLOW.readTree(python));
    }

    @Test
    void leavesOutWhatIsNotSentSoTheServerDefaultsIt() {
        Webhook.Request request = new Webhook.Request(
                new Webhook(
                        null,
                        "tag-deletions",
                        null,
                        "https://192.88.99.1/y",
                        List.of(new Webhook.Event("MODEL_VERSION_TAG", "DELETED")),
                        null,
                        null,
                        null),
                null);

        assertThat(request.toJson()).containsOnlyKeys("name", "url", "events");
    }
}
