package io.mlflowchart.harness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The project's recipe table (images/mlflow/pins.txt), as the harness and the Dockerfile's pins.py read it. */
class MlflowRecipeTest {

    private static final MlflowRecipe RECIPE = MlflowRecipe.in(Path.of("images/mlflow"));

    @ParameterizedTest(name = "MLflow {0}")
    @CsvSource({"2.0.1", "2.9.2", "2.22.5", "3.0.0rc1", "3.8.1", "3.17.2", "3.18.0"})
    void buildsEveryReleaseFrom2OnPython311(String version) {
        assertThat(RECIPE.pythonFor(version)).isEqualTo("3.11");
    }

    @ParameterizedTest(name = "MLflow {0}: {1}")
    @CsvSource({
        "2.0.1, python==3.11 sqlalchemy<2.1",
        // What constraints-2.9.2.txt held: the 2.9.2 image builds as before.
        "2.9.2, python==3.11 sqlalchemy<2.1",
        "3.8.1, python==3.11 sqlalchemy<2.1",
        "3.9.0, python==3.11",
        "3.17.2, python==3.11"
    })
    void pinsSqlalchemyBelow21UntilMlflowImportsItsRemovedPoolGuarded(String version, String requirements) {
        assertThat(RECIPE.pinsFor(version).stream().map(MlflowRecipe.Pin::requirement))
                .containsExactly(requirements.split(" "));
    }

    @Test
    void everyPinSaysWhy() {
        assertThat(RECIPE.pins())
                .allSatisfy(
                        pin -> assertThat(pin.reason()).as(pin.requirement()).hasSizeGreaterThan(20));
    }

    @Test
    void refusesAReleaseOlderThanTheTableCovers() {
        assertThatThrownBy(() -> RECIPE.pythonFor("1.30.0"))
                .hasMessage("MLflow 1.30.0: images/mlflow/pins.txt names no Python for it; the recipe builds MLflow"
                        + " 2.0 and later");
    }
}
