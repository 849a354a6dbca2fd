package io.mlflowchart.harness;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The engine's packages (cluster, services, helm, mlflow, ops, scenario, report, ...) depend on each other one way. */
class ArchitectureTest {

    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.mlflowchart.harness");

    @Test
    void enginePackagesFormNoCycle() {
        slices().matching("io.mlflowchart.harness.(*)..")
                .should()
                .beFreeOfCycles()
                .check(ENGINE);
    }
}
