package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LogBatchTest {

    @Test
    void keepsASmallBatchInOneRequest() {
        LogBatch batch = new LogBatch(metrics(10), tags("p", 5), tags("t", 5));

        assertThat(batch.chunks()).containsExactly(batch);
    }

    @Test
    void splitsWithinEveryLimitAndKeepsOrderAndEveryEntity() {
        LogBatch batch = new LogBatch(metrics(2500), tags("p", 250), tags("t", 130));

        List<LogBatch> chunks = batch.chunks();

        assertThat(chunks).as("chunk sizes").allSatisfy(chunk -> {
            assertThat(chunk.size()).isLessThanOrEqualTo(LogBatch.MAX_ENTITIES);
            assertThat(chunk.params()).hasSizeLessThanOrEqualTo(LogBatch.MAX_PARAMS);
            assertThat(chunk.tags()).hasSizeLessThanOrEqualTo(LogBatch.MAX_TAGS);
        });
        assertThat(chunks.stream().flatMap(c -> c.metrics().stream()).toList()).isEqualTo(batch.metrics());
        assertThat(chunks.stream().flatMap(c -> c.params().stream()).toList()).isEqualTo(batch.params());
        assertThat(chunks.stream().flatMap(c -> c.tags().stream()).toList()).isEqualTo(batch.tags());
        assertThat(chunks)
                .extracting(
                        c -> c.metrics().size(),
                        c -> c.params().size(),
                        c -> c.tags().size())
                .containsExactly(tuple(800, 100, 100), tuple(870, 100, 30), tuple(830, 50, 0));
    }

    @Test
    void sendsAnEmptyBatchAsOneEmptyRequest() {
        assertThat(new LogBatch(List.of(), List.of(), List.of()).chunks()).hasSize(1);
    }

    private static List<Metric> metrics(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Metric("m", i, 1000L + i, i))
                .toList();
    }

    private static List<Tag> tags(String prefix, int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new Tag(prefix + i, "v" + i))
                .toList();
    }
}
