package io.mlflowchart.harness.chart;

import com.fasterxml.jackson.databind.JsonNode;
import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The README's values table, generated from values.yaml: every key preceded by a {@code # -- description} comment
 * becomes a row with its default. values.yaml stays the one place a key is documented.
 */
final class ValuesTable {

    private static final Pattern DESCRIPTION = Pattern.compile("^\\s*# -- (.*)$");

    private static final Pattern KEY = Pattern.compile("^(\\s*)([A-Za-z][A-Za-z0-9_]*):.*$");

    private ValuesTable() {}

    static String from(Path valuesYaml) {
        try {
            List<String> lines = Files.readAllLines(valuesYaml);
            JsonNode defaults = Mappers.YAML.readTree(valuesYaml.toFile());
            StringBuilder table =
                    new StringBuilder("| Key | Default | Description |\n|-----|---------|-------------|\n");
            Deque<int[]> indents = new ArrayDeque<>();
            Deque<String> path = new ArrayDeque<>();
            String description = null;
            for (String line : lines) {
                Matcher d = DESCRIPTION.matcher(line);
                Matcher k = KEY.matcher(line);
                if (d.matches()) {
                    description = d.group(1);
                } else if (k.matches()) {
                    int indent = k.group(1).length();
                    while (!indents.isEmpty() && indents.peekLast()[0] >= indent) {
                        indents.removeLast();
                        path.removeLast();
                    }
                    indents.addLast(new int[] {indent});
                    path.addLast(k.group(2));
                    if (description != null) {
                        JsonNode value = defaults.at("/" + String.join("/", path));
                        table.append("| `")
                                .append(String.join(".", path))
                                .append("` | `")
                                .append(value.toString().replace("|", "\\|"))
                                .append("` | ")
                                .append(description.replace("|", "\\|"))
                                .append(" |\n");
                        description = null;
                    }
                }
            }
            return table.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + valuesYaml, e);
        }
    }
}
