package io.mlflowchart.harness.chart;

import java.nio.file.Path;

/** Where the chart under test lives, and the names the gate renders it under. */
final class MlflowChart {

    /** Relative to the Maven project directory, which is surefire's working directory. */
    static final Path DIR = Path.of("charts/mlflow");

    static final Path DEV_VALUES = DIR.resolve("values-dev.yaml");

    static final Path PROD_VALUES = DIR.resolve("values-prod.yaml");

    static final String RELEASE = "gate";

    static final String NAMESPACE = "mlflow-gate";

    /** The chart's full name for {@link #RELEASE}: the Service, Deployment and Secret names start with it. */
    static final String FULLNAME = RELEASE + "-mlflow";

    private MlflowChart() {}
}
