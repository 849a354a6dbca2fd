package io.mlflowchart.harness.mlflow;

import java.util.ArrayList;
import java.util.List;

/** What one {@code runs/log-batch} call sends; {@link #chunks()} splits it to fit MLflow's per-request limits. */
public record LogBatch(List<Metric> metrics, List<Tag> params, List<Tag> tags) {

    // MLflow's limits for runs/log-batch (mlflow/utils/validation.py): entities in total, and params and tags each.
    static final int MAX_ENTITIES = 1000;
    static final int MAX_PARAMS = 100;
    static final int MAX_TAGS = 100;

    public LogBatch {
        metrics = List.copyOf(metrics);
        params = List.copyOf(params);
        tags = List.copyOf(tags);
    }

    public int size() {
        return metrics.size() + params.size() + tags.size();
    }

    public List<LogBatch> chunks() {
        List<LogBatch> chunks = new ArrayList<>();
        int m = 0, p = 0, t = 0;
        do {
            int pEnd = Math.min(params.size(), p + MAX_PARAMS);
            int tEnd = Math.min(tags.size(), t + MAX_TAGS);
            int mEnd = Math.min(metrics.size(), m + MAX_ENTITIES - (pEnd - p) - (tEnd - t));
            chunks.add(new LogBatch(metrics.subList(m, mEnd), params.subList(p, pEnd), tags.subList(t, tEnd)));
            m = mEnd;
            p = pEnd;
            t = tEnd;
        } while (m < metrics.size() || p < params.size() || t < tags.size());
        return chunks;
    }
}
