package io.mlflowchart.harness.mlflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mlflowchart.harness.images.ReleaseNumber;
import io.mlflowchart.harness.mlflow.ValueLimits.Field;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueLimitsTest {

    @Test
    void eachLimitChangesWithTheReleaseThatChangedIt() {
        assertThat(limits("2.7.1")).isEqualTo(limits(500, 5000, 5000, 5000, 5000));
        assertThat(limits("2.8.0")).isEqualTo(limits(6000, 5000, 5000, 5000, 5000));
        assertThat(limits("2.9.2")).isEqualTo(limits(6000, 5000, 5000, 5000, 5000));
        assertThat(limits("2.16.2")).isEqualTo(limits(6000, 5000, 5000, 5000, 5000));
        assertThat(limits("2.17.0")).isEqualTo(limits(6000, 8000, 5000, 5000, 5000));
        assertThat(limits("3.0.0")).isEqualTo(limits(6000, 8000, 5000, 5000, 5000));
        assertThat(limits("3.0.1")).isEqualTo(limits(6000, 8000, 5000, 5000, 100_000));
        assertThat(limits("3.15.2")).isEqualTo(limits(6000, 8000, 5000, 5000, 100_000));
        assertThat(limits("3.16.0")).isEqualTo(limits(6000, 8000, 20_000, 5000, 100_000));
        assertThat(limits("3.17.2")).isEqualTo(limits(6000, 8000, 20_000, 5000, 100_000));
    }

    @Test
    void aReleaseBeforeTheTableHasNoLimitToAskFor() {
        assertThat(ValueLimits.of("1.30.1").lengths()).isEmpty();
        assertThatThrownBy(() -> ValueLimits.of("1.30.1").length(Field.PARAM_VALUE))
                .hasMessage("no limit of param-value for this release in value-limits.txt");
    }

    @Test
    void refusesAFieldItDoesNotKnowAFieldWithoutARangeAndOverlappingRanges() {
        assertThatThrownBy(() -> ValueLimits.parse(List.of("param-valu 2.0 - 500 typo")))
                .hasMessageStartingWith("value-limits.txt: no field 'param-valu' (allowed: [param-value,");
        assertThatThrownBy(() -> ValueLimits.parse(List.of("param-value 2.0 - 500 only one")))
                .hasMessageStartingWith("value-limits.txt: no release range for [run-tag-value,");
        assertThatThrownBy(() -> ValueLimits.parse(List.of("param-value 2.0 - 500")))
                .hasMessageContaining("want field, first, below, length and source");
        ReleaseNumber from2 = ReleaseNumber.of("2.0");
        assertThatThrownBy(() -> ValueLimits.of(
                        "2.9.2",
                        List.of(
                                new ValueLimits.Range(Field.PARAM_VALUE, from2, null, 500, "a"),
                                new ValueLimits.Range(Field.PARAM_VALUE, from2, null, 6000, "b"))))
                .hasMessage("value-limits.txt: two ranges of param-value cover 2.9.2");
    }

    @Test
    void everyRangeSaysWhereItsNumberComesFrom() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(ValueLimits.table())
                .allSatisfy(range -> assertThat(range.source())
                        .as(range.field().id() + " from " + range.first())
                        .contains("MAX_")
                        .containsAnyOf("VARCHAR", "TEXT"));
        assertThat(readme).contains("value-limits.txt");
    }

    private static Map<Field, Integer> limits(String version) {
        return ValueLimits.of(version).lengths();
    }

    private static Map<Field, Integer> limits(int param, int runTag, int experimentTag, int modelTag, int versionTag) {
        return Map.of(
                Field.PARAM_VALUE, param,
                Field.RUN_TAG_VALUE, runTag,
                Field.EXPERIMENT_TAG_VALUE, experimentTag,
                Field.REGISTERED_MODEL_TAG_VALUE, modelTag,
                Field.MODEL_VERSION_TAG_VALUE, versionTag);
    }
}
