package io.mlflowchart.harness.mlflow;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mlflowchart.harness.json.Mappers;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model registry webhook as MLflow's webhooks API (3.3 on) serves it. It has no secret: the server takes one at
 * creation and never serves it back.
 */
public record Webhook(
        String webhookId,
        String name,
        String description,
        String url,
        List<Event> events,
        String status,
        Long creationTimestamp,
        Long lastUpdatedTimestamp) {

    /** What the webhook is told of: an entity ({@code MODEL_VERSION}) and an action on it ({@code CREATED}). */
    public record Event(String entity, String action) {

        static final Comparator<Event> ORDER =
                Comparator.comparing(Event::entity).thenComparing(Event::action);
    }

    /** A webhook as sent: {@code webhook}'s id and times null, {@code secret} null for none. */
    public record Request(Webhook webhook, String secret) {

        /** CreateWebhook's body, as the Python client's message_to_json writes it: nothing for what is null. */
        Map<String, Object> toJson() {
            Map<String, Object> json = new LinkedHashMap<>(Mappers.MLFLOW.convertValue(webhook, FIELDS));
            if (secret != null) {
                json.put("secret", secret);
            }
            return json;
        }
    }

    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {};

    /** The events in one order, whatever order a server lists them in. */
    public List<Event> sortedEvents() {
        return events == null ? List.of() : events.stream().sorted(Event.ORDER).toList();
    }
}
