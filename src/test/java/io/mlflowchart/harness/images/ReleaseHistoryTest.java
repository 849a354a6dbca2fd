package io.mlflowchart.harness.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.mlflowchart.harness.json.Mappers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "The last patch of 2.22" and "the minor after 3.9" from PyPI's JSON for mlflow (a part of its answer of 2026-12-02,
 * files trimmed to their yanked flags), and from the pinned file a run reads instead when PyPI is out of reach.
 */
class ReleaseHistoryTest {

    private final ReleaseHistory pypi = fromSample();

    @Test
    void lastPatchOfAMinorIsItsNewestFinalRelease() {
        assertThat(pypi.lastPatchOf("2.22")).isEqualTo("2.22.5");
        assertThat(pypi.lastPatchOf("3.1")).isEqualTo("3.1.4");
        assertThat(pypi.resolve("3.16.x")).isEqualTo("3.16.1");
        assertThat(pypi.resolve("3.16.0")).as("a release as given").isEqualTo("3.16.0");
    }

    @Test
    void leavesOutReleaseCandidatesAndReleasesWhoseFilesAreAllYanked() {
        assertThat(pypi.releases())
                .contains("2.22.4", "3.11.1")
                .doesNotContain("2.22.3", "3.1.2", "3.11.0", "3.11.0rc0", "3.0.0rc0", "3.9.0rc0");
    }

    @Test
    void aYankedNewestPatchIsNotTheLastPatch() throws IOException {
        ReleaseHistory history = ReleaseHistory.fromPypi(Mappers.JSON.readTree("""
                        {"releases": {"3.11.0": [{"yanked": true}, {"yanked": true}],
                                      "3.10.1": [{"yanked": false}], "3.11.0rc1": [{"yanked": false}],
                                      "3.10.2": [{"yanked": true}, {"yanked": false}], "3.12.0": []}}
                        """), "test");

        assertThat(history.lastPatchOf("3.10"))
                .as("one installable file is enough")
                .isEqualTo("3.10.2");
        assertThat(history.releases()).containsExactly("3.10.1", "3.10.2");
    }

    @Test
    void nextMinorIsTheLastPatchOfTheMinorAfterAcrossMajors() {
        assertThat(pypi.lastPatchOfNextMinor("2.22.5")).isEqualTo("3.0.1");
        assertThat(pypi.lastPatchOfNextMinor("3.9.0")).isEqualTo("3.10.1");
        assertThat(pypi.lastPatchOfNextMinor("3.16.1")).isEqualTo("3.17.2");
        assertThat(pypi.lastPatchOfNextMinor("3.1.0"))
                .as("the minors PyPI has, not arithmetic")
                .isEqualTo("3.9.0");
    }

    @Test
    void namesTheMinorsThereAreWhenAMinorHasNoRelease() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> pypi.resolve("2.30.x"))
                .withMessage("MLflow 2.30.x: no release of 2.30 (pypi sample; minors: 2.21, 2.22, 3.0, 3.1, 3.9, 3.10,"
                        + " 3.11, 3.16, 3.17, 3.18)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> pypi.lastPatchOfNextMinor("3.18.0"))
                .withMessage("MLflow 3.18.0: no minor release after 3.18 (pypi sample, the newest 3.18.0)");
    }

    @Test
    void readsThePinnedFileWithItsComments(@TempDir Path folder) throws IOException {
        Path pinned = Files.writeString(folder.resolve("last-patches.txt"), "# last patches\n2.22.5\n\n3.0.1  # 3.0\n");

        ReleaseHistory history = ReleaseHistory.fromPinFile(pinned);

        assertThat(history.resolve("2.22.x")).isEqualTo("2.22.5");
        assertThat(history.lastPatchOfNextMinor("2.22.5")).isEqualTo("3.0.1");
        assertThat(history.source()).isEqualTo("pinned in " + pinned);
    }

    @Test
    void refusesAPinnedLineThatIsNotARelease(@TempDir Path folder) throws IOException {
        Path pinned = Files.writeString(folder.resolve("last-patches.txt"), "2.22.5\n3.0.x\n");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> ReleaseHistory.fromPinFile(pinned))
                .withMessage(pinned + ": '3.0.x' is not a release such as 2.22.5");
    }

    /** The repository's pinned file agrees with PyPI's answer wherever the sample has the minor. */
    @Test
    void thePinnedFileAgreesWithPypiOnTheSamplesMinors() {
        ReleaseHistory pinned = ReleaseHistory.fromPinFile(Path.of("scenarios/matrix/last-patches.txt"));

        assertThat(pypi.minors())
                .allSatisfy(
                        minor -> assertThat(pinned.lastPatchOf(minor)).as(minor).isEqualTo(pypi.lastPatchOf(minor)));
    }

    static ReleaseHistory fromSample() {
        try {
            return ReleaseHistory.fromPypi(
                    Mappers.JSON.readTree(ReleaseHistoryTest.class.getResource("/images/pypi-mlflow-sample.json")),
                    "pypi sample");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
