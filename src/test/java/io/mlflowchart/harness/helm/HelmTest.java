package io.mlflowchart.harness.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HelmTest {

    @TempDir
    Path dir;

    @Test
    void namesTheFixWhenHelmIsMissing() {
        assertThatThrownBy(() -> Helm.at(dir.resolve("helm")))
                .isInstanceOf(HelmException.class)
                .hasMessageContaining("is not an executable file")
                .hasMessageContaining(".ci/tools/install-helm");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v3.10.3", "v4.0.1", "dev"})
    void namesTheFixWhenHelmIsTooOldOrNotHelm3(String version) throws IOException {
        Path fake = Files.writeString(dir.resolve("helm"), "#!/bin/sh\necho " + version + "\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> Helm.at(fake))
                .isInstanceOf(HelmException.class)
                .hasMessageContaining(
                        "is Helm " + version + "; the harness needs Helm 3, " + Helm.MINIMUM + " or newer")
                .hasMessageContaining(".ci/tools/install-helm");
    }

    @Test
    void keepsHelmsErrorAndExitCode() throws IOException {
        Path fake = Files.writeString(dir.resolve("helm"), "#!/bin/sh\necho 'Error: boom' >&2\nexit 3\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> new HelmCommand(fake, "status", "x").run())
                .isInstanceOfSatisfying(HelmException.class, e -> {
                    assertThat(e.exitCode()).isEqualTo(3);
                    assertThat(e.stderr()).isEqualTo("Error: boom\n");
                    assertThat(e.command()).containsExactly(fake.toString(), "status", "x");
                });
    }

    @Test
    void logsSecretLookingSetValuesRedacted() {
        List<String> logged = HelmCommand.redacted(List.of(
                "helm",
                "upgrade",
                "r",
                "c",
                "--set",
                "postgresql.external.password=hunter2,replicaCount=2",
                "--set-string",
                "minio.external.secretKey=abc",
                "--set",
                "minio.external.endpoint=http://minio:9000",
                "--values",
                "password.yaml"));

        assertThat(logged)
                .containsExactly(
                        "helm",
                        "upgrade",
                        "r",
                        "c",
                        "--set",
                        "postgresql.external.password=*****,replicaCount=2",
                        "--set-string",
                        "minio.external.secretKey=*****",
                        "--set",
                        "minio.external.endpoint=http://minio:9000",
                        "--values",
                        "password.yaml");
    }
}
