package io.mlflowchart.harness.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.mlflowchart.harness.helm.RenderedChart;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every place outside a Secret where a credential shows: args, env values, ConfigMap data, annotations, labels,
 * any field of any object, and the NOTES an install prints. Each leak reads {@code Kind/name /json/pointer: value}.
 */
final class CredentialLeaks {

    /** A URI with a password in it, whatever the password is: {@code scheme://user:password@host}. */
    private static final Pattern URI_WITH_PASSWORD = Pattern.compile("[a-z][a-z0-9+.-]*://[^/@\\s:]+:[^/@\\s]+@");

    private CredentialLeaks() {}

    static List<String> in(RenderedChart chart, Collection<String> credentials) {
        List<String> leaks = new ArrayList<>();
        for (HasMetadata object : chart.objects()) {
            if (!(object instanceof Secret)) {
                collect(object.getKind() + "/" + object.getMetadata().getName(), "", tree(object), credentials, leaks);
            }
        }
        chart.notes().lines().filter(line -> leaks(line, credentials)).forEach(line -> leaks.add("NOTES.txt: " + line));
        return leaks;
    }

    private static JsonNode tree(HasMetadata object) {
        try {
            return Mappers.JSON.readTree(Serialization.asJson(object));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(
            String owner, String pointer, JsonNode node, Collection<String> credentials, List<String> leaks) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (leaks(field.getKey(), credentials)) {
                    leaks.add(owner + " " + pointer + "/" + field.getKey() + " (key)");
                }
                collect(owner, pointer + "/" + field.getKey(), field.getValue(), credentials, leaks);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(owner, pointer + "/" + i, node.get(i), credentials, leaks);
            }
        } else if (leaks(node.asText(), credentials)) {
            leaks.add(owner + " " + pointer + ": " + node.asText());
        }
    }

    private static boolean leaks(String text, Collection<String> credentials) {
        return URI_WITH_PASSWORD.matcher(text).find() || credentials.stream().anyMatch(text::contains);
    }
}
