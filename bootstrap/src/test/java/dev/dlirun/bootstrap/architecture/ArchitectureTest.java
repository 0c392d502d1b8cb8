package dev.dlirun.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The production classes of every module keep the design card's boundaries. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        // The other modules are on the classpath as jars or class directories, whichever the build made.
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Other modules' test jars, when the build resolves them from the local repository.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages(ArchitectureRules.ROOT);
    }

    @Test
    void everyModuleIsImported() {
        assertThat(production.stream().map(c -> c.getPackageName()).distinct())
                .contains("dev.dlirun.domain.model", "dev.dlirun.domain.run", "dev.dlirun.domain.stop",
                        "dev.dlirun.domain.wait",
                        "dev.dlirun.domain.port.in",
                        "dev.dlirun.domain.port.out", "dev.dlirun.application", "dev.dlirun.adapters.rest",
                        "dev.dlirun.adapters.rest.generated.api", "dev.dlirun.adapters.client.local.model",
                        "dev.dlirun.adapters.client.local.catalogue", "dev.dlirun.adapters.client.local.engine",
                        "dev.dlirun.adapters.client.local.runtime.simulated",
                        "dev.dlirun.adapters.client.dli", "dev.dlirun.adapters.client.generated.model",
                        "dev.dlirun.adapters.client.local.runtime", "dev.dlirun.adapters.client.flink",
                        "dev.dlirun.api.signing",
                        "dev.dlirun.client", "dev.dlirun.client.api",
                        "dev.dlirun.bootstrap");
    }

    private static void check(ArchRule rule) {
        rule.check(production);
    }

    @Test
    void domainDependsOnTheJdkOnly() {
        check(ArchitectureRules.DOMAIN_DEPENDS_ON_THE_JDK_ONLY);
    }

    @Test
    void applicationDependsOnTheDomainOnly() {
        check(ArchitectureRules.APPLICATION_DEPENDS_ON_THE_DOMAIN_ONLY);
    }

    @Test
    void adaptersDoNotDependOnEachOther() {
        check(ArchitectureRules.REST_ADAPTER_DOES_NOT_USE_THE_CLIENT_ADAPTER);
        check(ArchitectureRules.CLIENT_ADAPTER_DOES_NOT_USE_THE_REST_ADAPTER);
    }

    @Test
    void theDliClientTheLocalEngineAndTheFlinkLauncherKeepApart() {
        check(ArchitectureRules.THE_DLI_CLIENT_KNOWS_NO_LOCAL_ENGINE);
        check(ArchitectureRules.THE_LOCAL_ENGINE_KNOWS_NO_FLINK);
        check(ArchitectureRules.THE_FLINK_LAUNCHER_REACHES_THE_ENGINE_ONLY_THROUGH_ITS_SEAM);
        check(ArchitectureRules.THE_RUNTIME_SEAM_DEPENDS_ON_THE_DOMAIN_ONLY);
    }

    @Test
    void theLocalEnginesRoomsDependOneWayWithoutCycles() {
        check(ArchitectureRules.THE_LOCAL_ENGINES_ROOMS_DEPEND_ONE_WAY);
        check(ArchitectureRules.NO_CYCLES_BETWEEN_THE_LOCAL_ENGINES_PACKAGES);
    }

    @Test
    void nothingDependsOnBootstrap() {
        check(ArchitectureRules.NOTHING_DEPENDS_ON_BOOTSTRAP);
    }

    @Test
    void generatedCodeIsUsedOnlyByItsAdapter() {
        check(ArchitectureRules.GENERATED_SERVER_CODE_ONLY_IN_THE_REST_ADAPTER);
        check(ArchitectureRules.GENERATED_CLIENT_CODE_ONLY_IN_THE_CLIENT_ADAPTER);
    }

    @Test
    void theApiContractsCodeDependsOnTheJdkOnly() {
        check(ArchitectureRules.API_CONTRACT_DEPENDS_ON_THE_JDK_ONLY);
    }

    @Test
    void theJavaClientIsForCallersAndNeedsOnlyTheContractJacksonAndItsHttpClient() {
        check(ArchitectureRules.THE_SERVICE_DOES_NOT_USE_ITS_CALLERS_CLIENT);
        check(ArchitectureRules.THE_JAVA_CLIENT_NEEDS_ONLY_THE_CONTRACT_JACKSON_AND_ITS_HTTP_CLIENT);
    }

    @Test
    void thereAreNoPackageCycles() {
        check(ArchitectureRules.NO_PACKAGE_CYCLES);
    }

    @Test
    void everyClassHasItsPlaceInTheHexagon() {
        check(ArchitectureRules.HEXAGON);
    }
}
