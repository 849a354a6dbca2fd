package io.mlflowchart.harness.scenario.steps;

import io.mlflowchart.harness.mlflow.DataSnapshot.MetricPoint;
import io.mlflowchart.harness.mlflow.LogBatch;
import io.mlflowchart.harness.mlflow.Metric;
import io.mlflowchart.harness.mlflow.Tag;
import java.util.List;
import java.util.stream.LongStream;

/**
 * Batch {@code number} of a {@code runs/log-batch} series, each in one request: one param, one tag and a metric
 * history of its own, every key carrying the number. So what MLflow holds afterwards tells, batch by batch, whether
 * it is whole, absent, or partly written ({@link Presence}).
 */
record NumberedBatch(int number, long timestamp) {

    /** One request: MLflow's limit is 1000 items, the param and the tag included. */
    static final int POINTS = 998;

    String param() {
        return String.format("param-%03d", number);
    }

    String tag() {
        return String.format("tag-%03d", number);
    }

    String metric() {
        return String.format("metric-%03d", number);
    }

    String value() {
        return "batch " + number;
    }

    LogBatch request() {
        List<Metric> metrics = LongStream.range(0, POINTS)
                .mapToObj(step -> new Metric(metric(), step * 0.5, timestamp + step, step))
                .toList();
        return new LogBatch(metrics, List.of(new Tag(param(), value())), List.of(new Tag(tag(), value())));
    }

    List<MetricPoint> history() {
        return LongStream.range(0, POINTS)
                .mapToObj(step -> new MetricPoint(step, timestamp + step, step * 0.5))
                .toList();
    }

    /** What MLflow shows of one batch. */
    enum Presence {
        WHOLE,
        ABSENT,
        /** Some of it: MLflow's log_batch commits params, metrics and tags in transactions of their own. */
        PARTIAL;

        /** From what the server holds: the batch's param and tag (present or not) and its metric's point count. */
        static Presence of(boolean param, boolean tag, int points) {
            if (param && tag && points == POINTS) {
                return WHOLE;
            }
            if (!param && !tag && points == 0) {
                return ABSENT;
            }
            return PARTIAL;
        }
    }
}
