package io.mlflowchart.harness.mlflow;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an MLflow server's {@code /metrics} answered, parsed as Prometheus' text exposition format: the samples and
 * each metric's declared type. {@link #parse} refuses anything that is not that format, naming the line.
 */
public record ServerMetrics(List<Sample> samples, Map<String, String> types) {

    /** The counter prometheus-flask-exporter keeps for every request, labelled by method and status. */
    public static final String REQUESTS = "mlflow_http_request_total";

    /** One line {@code name{label="value",...} value}. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern SAMPLE =
            Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+([-+0-9.eE]+|NaN|[+-]Inf)(?:\\s+-?[0-9]+)?");

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (\\w+)");

    public ServerMetrics {
        samples = List.copyOf(samples);
        types = Map.copyOf(types);
    }

    public static ServerMetrics parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                types.put(type.group(1), type.group(2));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                samples.add(sample(line, i + 1));
            }
        }
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no metric samples in:\n" + text);
        }
        return new ServerMetrics(samples, types);
    }

    private static Sample sample(String line, int number) {
        Matcher sample = SAMPLE.matcher(line);
        if (!sample.matches()) {
            throw new IllegalArgumentException("line " + number + " is not a Prometheus sample: " + line);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        String labelText = sample.group(2) == null ? "" : sample.group(2);
        Matcher label = LABEL.matcher(labelText);
        int end = 0;
        while (label.lookingAt()) {
            labels.put(label.group(1), label.group(2));
            end = label.end();
            label.region(end, labelText.length());
        }
        if (end != labelText.length()) {
            throw new IllegalArgumentException("line " + number + " has malformed labels: " + line);
        }
        return new Sample(
                sample.group(1), labels, Double.parseDouble(sample.group(3).replace("Inf", "Infinity")));
    }

    /** The sum of metric {@code name}'s samples whose labels include {@code labels}; 0 if none has them. */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }

    /** The requests counted with that method and status, over every worker process of the server. */
    public long requests(String method, int status) {
        return Math.round(sum(REQUESTS, Map.of("method", method, "status", Integer.toString(status))));
    }
}
