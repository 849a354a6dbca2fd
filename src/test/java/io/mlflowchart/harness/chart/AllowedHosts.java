package io.mlflowchart.harness.chart;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * MLFLOW_SERVER_ALLOWED_HOSTS as MLflow 3.x applies it (security_utils.is_allowed_host_header): a Host header is
 * accepted when it equals an entry, or matches an entry containing {@code *} as Python's {@code fnmatch} would.
 */
record AllowedHosts(List<String> entries) {

    static AllowedHosts parse(String envValue) {
        return new AllowedHosts(
                Arrays.stream(envValue.split(",")).map(String::strip).toList());
    }

    boolean accepts(String hostHeader) {
        return entries.contains("*")
                || entries.stream()
                        .anyMatch(entry -> entry.contains("*")
                                ? fnmatch(entry).matcher(hostHeader).matches()
                                : entry.equals(hostHeader));
    }

    /** fnmatch.translate: {@code *}, {@code ?} and {@code [...]} classes (with {@code !} negation); the rest literal. */
    private static Pattern fnmatch(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '[' ? pattern.indexOf(']', i + 2) : -1;
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (close > 0) {
                String set = pattern.substring(i + 1, close);
                regex.append(set.startsWith("!") ? "[^" + escaped(set.substring(1)) : "[" + escaped(set))
                        .append(']');
                i = close;
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** The characters of a class, each escaped unless a letter or digit. */
    private static String escaped(String set) {
        StringBuilder out = new StringBuilder();
        set.chars()
                .forEach(c ->
                        out.append(Character.isLetterOrDigit(c) ? "" : "\\").append((char) c));
        return out.toString();
    }
}
