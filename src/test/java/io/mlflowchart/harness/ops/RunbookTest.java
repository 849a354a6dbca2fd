package io.mlflowchart.harness.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookTest {

    @TempDir
    Path bin;

    @Test
    void namesEveryToolMissingFromPath() throws Exception {
        executable("make");
        executable("bash");
        Files.writeString(bin.resolve("kubectl"), "not executable");

        assertThatThrownBy(() -> Runbook.requireTools(bin + ":/nonexistent"))
                .hasMessage("the operators' runbook needs kubectl, helm on PATH, as an operator"
                        + " would have them; install them (kubectl and helm of the cluster's minor version or newer)");
    }

    @Test
    void passesWhenEveryToolIsOnPath() throws Exception {
        for (String tool : Runbook.TOOLS) {
            executable(tool);
        }
        assertThatCode(() -> Runbook.requireTools("/nonexistent:" + bin)).doesNotThrowAnyException();
    }

    private void executable(String name) throws Exception {
        Files.createFile(
                bin.resolve(name), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
