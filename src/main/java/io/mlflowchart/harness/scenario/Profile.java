package io.mlflowchart.harness.scenario;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The chart's values profile a scenario installs: dev (SQLite, volume) or prod (PostgreSQL, S3 bucket). */
public enum Profile {
    DEV,
    PROD;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static List<String> yamlNames() {
        return Arrays.stream(values()).map(Profile::yamlName).toList();
    }
}
