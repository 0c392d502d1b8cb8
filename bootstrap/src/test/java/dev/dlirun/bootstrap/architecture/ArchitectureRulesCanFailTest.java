package dev.dlirun.bootstrap.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.dlirun.adapters.client.dli.planted.DliClientUsingTheLocalEngine;
import dev.dlirun.adapters.client.flink.FlinkJobRuntime;
import dev.dlirun.adapters.client.flink.planted.LauncherUsingTheEngine;
import dev.dlirun.adapters.client.generated.PlantedGeneratedClientModel;
import dev.dlirun.adapters.client.local.catalogue.InMemoryJobCatalogue;
import dev.dlirun.adapters.client.local.engine.LocalJobEngine;
import dev.dlirun.adapters.client.local.catalogue.planted.CatalogueUsingTheEngine;
import dev.dlirun.adapters.client.local.engine.planted.EngineUsingThePlantedCatalogue;
import dev.dlirun.adapters.client.local.model.LocalJob;
import dev.dlirun.adapters.client.local.model.planted.ModelUsingTheCatalogue;
import dev.dlirun.adapters.client.local.planted.EngineUsingFlink;
import dev.dlirun.adapters.client.local.runtime.planted.SeamUsingTheCatalogue;
import dev.dlirun.adapters.client.planted.ClientUsingTheRestAdapter;
import dev.dlirun.adapters.rest.JsonMapping;
import dev.dlirun.adapters.rest.ops.RequestIds;
import dev.dlirun.adapters.rest.generated.model.ErrorResponse;
import dev.dlirun.adapters.rest.planted.RestUsingBootstrap;
import dev.dlirun.adapters.rest.planted.RestUsingTheClientAdapter;
import dev.dlirun.adapters.rest.planted.RestUsingTheJavaClient;
import dev.dlirun.api.planted.ContractUsingJackson;
import dev.dlirun.application.BatchRunService;
import dev.dlirun.application.planted.ServiceUsingGeneratedClientCode;
import dev.dlirun.application.planted.ServiceUsingGeneratedCode;
import dev.dlirun.application.planted.ServiceUsingTheRestAdapter;
import dev.dlirun.client.planted.ClientUsingTheDomain;
import dev.dlirun.domain.model.JobId;
import dev.dlirun.domain.model.planted.DomainUsingJackson;
import dev.dlirun.planted.cycle.a.A;
import dev.dlirun.planted.cycle.b.B;
import dev.dlirun.planted.stray.Stray;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each architecture rule catches a violation planted for it (the classes in the {@code planted} packages of
 * this module's tests), so none of them can pass because it checks nothing.
 */
class ArchitectureRulesCanFailTest {

    private static JavaClasses classes(Class<?>... types) {
        return new ClassFileImporter().importClasses(types);
    }

    private static void assertCaught(ArchRule rule, JavaClasses classes, String violation) {
        EvaluationResult result = rule.evaluate(classes);
        assertThat(result.hasViolation()).as("%s catches its planted violation", rule.getDescription()).isTrue();
        assertThat(String.join("\n", result.getFailureReport().getDetails())).contains(violation);
    }

    @Test
    void theDomainRuleCatchesALibraryInTheDomain() {
        assertCaught(ArchitectureRules.DOMAIN_DEPENDS_ON_THE_JDK_ONLY,
                classes(DomainUsingJackson.class, JobId.class), "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void theApplicationRuleCatchesAnAdapterInTheApplication() {
        assertCaught(ArchitectureRules.APPLICATION_DEPENDS_ON_THE_DOMAIN_ONLY,
                classes(ServiceUsingTheRestAdapter.class, BatchRunService.class), JsonMapping.class.getName());
    }

    @Test
    void theAdapterRulesCatchAnAdapterUsingTheOther() {
        assertCaught(ArchitectureRules.CLIENT_ADAPTER_DOES_NOT_USE_THE_REST_ADAPTER,
                classes(ClientUsingTheRestAdapter.class, RequestIds.class), RequestIds.class.getName());
        assertCaught(ArchitectureRules.REST_ADAPTER_DOES_NOT_USE_THE_CLIENT_ADAPTER,
                classes(RestUsingTheClientAdapter.class), "InMemoryJobCatalogue");
    }

    @Test
    void theClientSideRulesCatchEachPartReachingIntoAnother() {
        assertCaught(ArchitectureRules.THE_DLI_CLIENT_KNOWS_NO_LOCAL_ENGINE,
                classes(DliClientUsingTheLocalEngine.class), InMemoryJobCatalogue.class.getName());
        assertCaught(ArchitectureRules.THE_LOCAL_ENGINE_KNOWS_NO_FLINK,
                classes(EngineUsingFlink.class), FlinkJobRuntime.class.getName());
        assertCaught(ArchitectureRules.THE_FLINK_LAUNCHER_REACHES_THE_ENGINE_ONLY_THROUGH_ITS_SEAM,
                classes(LauncherUsingTheEngine.class), LocalJobEngine.class.getName());
        assertCaught(ArchitectureRules.THE_RUNTIME_SEAM_DEPENDS_ON_THE_DOMAIN_ONLY,
                classes(SeamUsingTheCatalogue.class), InMemoryJobCatalogue.class.getName());
        // The seam itself is open to the launcher.
        assertThat(ArchitectureRules.THE_FLINK_LAUNCHER_REACHES_THE_ENGINE_ONLY_THROUGH_ITS_SEAM
                .evaluate(classes(FlinkJobRuntime.class)).hasViolation()).isFalse();
    }

    @Test
    void theRoomRulesCatchTheCatalogueUsingTheEngineTheModelUsingTheCatalogueAndACycle() {
        assertCaught(ArchitectureRules.THE_LOCAL_ENGINES_ROOMS_DEPEND_ONE_WAY,
                classes(CatalogueUsingTheEngine.class, LocalJobEngine.class), LocalJobEngine.class.getName());
        assertCaught(ArchitectureRules.THE_LOCAL_ENGINES_ROOMS_DEPEND_ONE_WAY,
                classes(ModelUsingTheCatalogue.class, InMemoryJobCatalogue.class),
                InMemoryJobCatalogue.class.getName());
        assertCaught(ArchitectureRules.NO_CYCLES_BETWEEN_THE_LOCAL_ENGINES_PACKAGES,
                classes(CatalogueUsingTheEngine.class, EngineUsingThePlantedCatalogue.class), "Cycle detected");
        // The rooms as they are depend the allowed way.
        assertThat(ArchitectureRules.THE_LOCAL_ENGINES_ROOMS_DEPEND_ONE_WAY
                .evaluate(classes(LocalJobEngine.class, InMemoryJobCatalogue.class, LocalJob.class))
                .hasViolation()).isFalse();
    }

    @Test
    void theBootstrapRuleCatchesAnAdapterUsingTheWiring() {
        assertCaught(ArchitectureRules.NOTHING_DEPENDS_ON_BOOTSTRAP,
                classes(RestUsingBootstrap.class), "dev.dlirun.bootstrap.ServerConfig");
    }

    @Test
    void theGeneratedCodeRuleCatchesADtoOutsideItsAdapter() {
        assertCaught(ArchitectureRules.GENERATED_SERVER_CODE_ONLY_IN_THE_REST_ADAPTER,
                classes(ServiceUsingGeneratedCode.class, ErrorResponse.class), ErrorResponse.class.getName());
        assertCaught(ArchitectureRules.GENERATED_CLIENT_CODE_ONLY_IN_THE_CLIENT_ADAPTER,
                classes(ServiceUsingGeneratedClientCode.class, PlantedGeneratedClientModel.class),
                PlantedGeneratedClientModel.class.getName());
    }

    @Test
    void theApiContractRuleCatchesALibraryInTheContractsCode() {
        assertCaught(ArchitectureRules.API_CONTRACT_DEPENDS_ON_THE_JDK_ONLY,
                classes(ContractUsingJackson.class), "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void theJavaClientRulesCatchTheServiceUsingItAndItUsingTheService() {
        assertCaught(ArchitectureRules.THE_SERVICE_DOES_NOT_USE_ITS_CALLERS_CLIENT,
                classes(RestUsingTheJavaClient.class), "dev.dlirun.client.DliRunClient");
        assertCaught(ArchitectureRules.THE_JAVA_CLIENT_NEEDS_ONLY_THE_CONTRACT_JACKSON_AND_ITS_HTTP_CLIENT,
                classes(ClientUsingTheDomain.class), JobId.class.getName());
    }

    @Test
    void theCycleRuleCatchesAPackageCycle() {
        assertCaught(ArchitectureRules.NO_PACKAGE_CYCLES, classes(A.class, B.class), "Cycle detected");
    }

    @Test
    void theHexagonCatchesAClassOutsideEveryLayer() {
        assertCaught(ArchitectureRules.HEXAGON, classes(Stray.class, JobId.class, BatchRunService.class),
                Stray.class.getName());
    }
}
