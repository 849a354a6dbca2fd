package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    /** What MLflow 3.17.2 with --expose-prometheus and four workers answered (histogram buckets left out). */
    private static final String SCRAPED = """
            # HELP mlflow_http_request_total Total number of HTTP requests
            # TYPE mlflow_http_request_total counter
            mlflow_http_request_total{method="GET",status="404"} 10.0
            mlflow_http_request_total{method="POST",status="200"} 1.0
            # HELP mlflow_exporter_info Information about the Prometheus Flask exporter
            # TYPE mlflow_exporter_info gauge
            mlflow_exporter_info{version="0.23.2"} 1.0
            # TYPE mlflow_http_request_duration_seconds histogram
            mlflow_http_request_duration_seconds_bucket{le="+Inf",method="GET",mlflow_version="3.17.2",status="404"} 10.0
            mlflow_http_request_duration_seconds_count{method="GET",mlflow_version="3.17.2",status="404"} 10.0
            mlflow_otlp_request_duration_seconds_sum 0.0
            """;

    @Test
    void countsRequestsByMethodAndStatus() {
        ServerMetrics metrics = ServerMetrics.parse(SCRAPED);

        assertThat(metrics.requests("GET", 404)).isEqualTo(10);
        assertThat(metrics.requests("POST", 200)).isEqualTo(1);
        assertThat(metrics.requests("PUT", 200)).isZero();
        assertThat(metrics.types()).containsEntry(ServerMetrics.REQUESTS, "counter");
    }

    @Test
    void readsLabelsWithEscapesAndInfiniteValues() {
        ServerMetrics metrics = ServerMetrics.parse("m{a=\"x\\\"y\",le=\"+Inf\"} +Inf\n");

        assertThat(metrics.samples().get(0).labels())
                .containsExactly(Map.entry("a", "x\\\"y"), Map.entry("le", "+Inf"));
        assertThat(metrics.samples().get(0).value()).isInfinite();
    }

    @Test
    void refusesWhatIsNotPrometheusText() {
        assertThatThrownBy(() -> ServerMetrics.parse("<html><body>MLflow</body></html>\n"))
                .hasMessageContaining("line 1 is not a Prometheus sample: <html>");
        assertThatThrownBy(() -> ServerMetrics.parse("# only a comment\n")).hasMessageContaining("no metric samples");
        assertThatThrownBy(() -> ServerMetrics.parse("m{a=x} 1\n")).hasMessageContaining("line 1 has malformed labels");
    }
}
