package io.mlflowchart.harness.scenario;

import io.mlflowchart.harness.HarnessProperty;
import io.mlflowchart.harness.Settings;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What goes before every namespace a scenario makes ({@code -Dnamespace.prefix=}, or {@code NAMESPACE_PREFIX}), and
 * so before the database and bucket named after it. Scenarios of one run never share a namespace, but two runs on one
 * existing cluster ({@code cluster=kubeconfig:}) would, if both run a scenario: two CI pipelines, or the same shard
 * twice. A prefix per run ({@code ci-<run number>-}) keeps them apart. None by default.
 */
record NamespacePrefix(String value) {

    static final HarnessProperty SETTING = new HarnessProperty("namespace.prefix", "");

    /** Kubernetes' limit on a namespace's name, a DNS label. */
    private static final int LIMIT = 63;

    private static final Pattern FORM = Pattern.compile("([a-z0-9][a-z0-9-]*)?");

    NamespacePrefix {
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "-D" + SETTING.name() + "=" + value + " (or " + SETTING.environmentVariable() + "): a namespace"
                            + " starts with it, so it may hold only lower-case letters, digits and '-', starting with"
                            + " a letter or digit, e.g. ci-1234-");
        }
    }

    static NamespacePrefix from(Settings settings) {
        return new NamespacePrefix(SETTING.valueIn(settings).strip());
    }

    /** The scenario's namespace: the prefix, then its name as a DNS label (names may hold dots, for versions). */
    String namespaceOf(Scenario scenario) {
        String namespace = value + scenario.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (namespace.length() + ScenarioRun.RESTORED.length() > LIMIT) {
            throw new IllegalArgumentException("-D" + SETTING.name() + "=" + value + " (or "
                    + SETTING.environmentVariable() + "): scenario " + scenario.name() + "'s namespace "
                    + namespace + ScenarioRun.RESTORED + " would be "
                    + (namespace.length() + ScenarioRun.RESTORED.length())
                    + " characters, over Kubernetes' " + LIMIT + ": give a shorter prefix");
        }
        return namespace;
    }
}
