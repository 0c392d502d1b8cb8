package dev.dlirun.bootstrap.architecture;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The layer boundaries of the design card, as ArchUnit rules. */
final class ArchitectureRules {

    static final String ROOT = "dev.dlirun";
    static final String DOMAIN = "dev.dlirun.domain..";
    static final String APPLICATION = "dev.dlirun.application..";
    static final String REST_ADAPTER = "dev.dlirun.adapters.rest..";
    static final String CLIENT_ADAPTER = "dev.dlirun.adapters.client..";
    /** The outbound DLI client, on models generated from the spec. */
    static final String DLI_CLIENT = "dev.dlirun.adapters.client.dli..";
    /** The local engine, all its rooms: model, catalogue, engine and runtime seam. */
    static final String LOCAL_ENGINE = "dev.dlirun.adapters.client.local..";
    /** The seam between the local engine and whatever runs its jobs, with the simulated runtime below it. */
    static final String RUNTIME_SEAM = "dev.dlirun.adapters.client.local.runtime..";
    /** The job, its run and its events: what the catalogue stores and the engine moves. */
    static final String LOCAL_MODEL = "dev.dlirun.adapters.client.local.model..";
    /** Where jobs are kept: the catalogue port, its H2 and in-memory catalogues, the jobs file. */
    static final String LOCAL_CATALOGUE = "dev.dlirun.adapters.client.local.catalogue..";
    /** The engine itself: the ports, the claims, the launches, the observer, the restart. */
    static final String LOCAL_ENGINE_ROOM = "dev.dlirun.adapters.client.local.engine..";
    /** The local engine's runtime on Apache Flink, in a module of its own. */
    static final String FLINK_LAUNCHER = "dev.dlirun.adapters.client.flink..";
    static final String BOOTSTRAP = "dev.dlirun.bootstrap..";
    /** The wire contract's own code (the request signature): shared by the adapters on both sides of the wire. */
    static final String API_CONTRACT = "dev.dlirun.api..";
    /** The Java client for the service's callers: generated from the spec, shipped as its own jar. */
    static final String JAVA_CLIENT = "dev.dlirun.client..";
    static final String GENERATED_SERVER_CODE = "dev.dlirun.adapters.rest.generated..";
    static final String GENERATED_CLIENT_CODE = "dev.dlirun.adapters.client.generated..";

    private ArchitectureRules() {
    }

    static final ArchRule DOMAIN_DEPENDS_ON_THE_JDK_ONLY = noClasses().that().resideInAPackage(DOMAIN)
            .should().dependOnClassesThat().resideOutsideOfPackages(DOMAIN, "java..")
            .as("the domain depends on the JDK only");

    static final ArchRule APPLICATION_DEPENDS_ON_THE_DOMAIN_ONLY = noClasses().that().resideInAPackage(APPLICATION)
            .should().dependOnClassesThat().resideOutsideOfPackages(APPLICATION, DOMAIN, "java..")
            .as("the application depends on the domain only");

    static final ArchRule REST_ADAPTER_DOES_NOT_USE_THE_CLIENT_ADAPTER = noClasses().that().resideInAPackage(REST_ADAPTER)
            .should().dependOnClassesThat().resideInAPackage(CLIENT_ADAPTER)
            .as("the REST adapter does not depend on the client adapter");

    static final ArchRule CLIENT_ADAPTER_DOES_NOT_USE_THE_REST_ADAPTER = noClasses().that().resideInAPackage(CLIENT_ADAPTER)
            .should().dependOnClassesThat().resideInAPackage(REST_ADAPTER)
            .as("the client adapter does not depend on the REST adapter");

    static final ArchRule THE_DLI_CLIENT_KNOWS_NO_LOCAL_ENGINE = noClasses()
            .that().resideInAnyPackage(DLI_CLIENT, GENERATED_CLIENT_CODE)
            .should().dependOnClassesThat().resideInAnyPackage(LOCAL_ENGINE, FLINK_LAUNCHER, "org.apache.flink..")
            .as("the DLI client depends on neither the local engine nor Flink");

    static final ArchRule THE_LOCAL_ENGINE_KNOWS_NO_FLINK = noClasses().that().resideInAPackage(LOCAL_ENGINE)
            .should().dependOnClassesThat().resideInAnyPackage(FLINK_LAUNCHER, DLI_CLIENT, GENERATED_CLIENT_CODE,
                    "org.apache.flink..")
            .as("the local engine knows how jobs run only through its runtime seam: not Flink, not the DLI client");

    static final ArchRule THE_FLINK_LAUNCHER_REACHES_THE_ENGINE_ONLY_THROUGH_ITS_SEAM = noClasses()
            .that().resideInAPackage(FLINK_LAUNCHER)
            .should().dependOnClassesThat(resideInAPackage(LOCAL_ENGINE).and(not(resideInAPackage(RUNTIME_SEAM)))
                    .or(resideInAnyPackage(DLI_CLIENT, GENERATED_CLIENT_CODE)))
            .as("the Flink launcher reaches the local engine only through its runtime seam, and not the DLI client");

    static final ArchRule THE_RUNTIME_SEAM_DEPENDS_ON_THE_DOMAIN_ONLY = noClasses().that().resideInAPackage(RUNTIME_SEAM)
            .should().dependOnClassesThat().resideOutsideOfPackages(RUNTIME_SEAM, DOMAIN, "java..")
            .as("the runtime seam depends on the domain and the JDK only");

    /**
     * The local engine's rooms depend one way: runtime seam &lt;- model &lt;- catalogue &lt;- engine. The catalogue
     * stores jobs and knows no engine; the model knows neither; the seam knows only the domain (rule above).
     */
    static final ArchRule THE_LOCAL_ENGINES_ROOMS_DEPEND_ONE_WAY = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .withOptionalLayers(true)
            .layer("engine").definedBy(LOCAL_ENGINE_ROOM)
            .layer("catalogue").definedBy(LOCAL_CATALOGUE)
            .layer("model").definedBy(LOCAL_MODEL)
            .layer("runtime seam").definedBy(RUNTIME_SEAM)
            .whereLayer("engine").mayNotBeAccessedByAnyLayer()
            .whereLayer("catalogue").mayOnlyBeAccessedByLayers("engine")
            .whereLayer("model").mayOnlyBeAccessedByLayers("catalogue", "engine")
            .whereLayer("runtime seam").mayOnlyBeAccessedByLayers("model", "catalogue", "engine")
            .as("the local engine's rooms depend one way: runtime seam <- model <- catalogue <- engine");

    static final ArchRule NO_CYCLES_BETWEEN_THE_LOCAL_ENGINES_PACKAGES = slices()
            .matching("dev.dlirun.adapters.client.local.(**)").should().beFreeOfCycles()
            .as("no cycles between the local engine's packages");

    static final ArchRule NOTHING_DEPENDS_ON_BOOTSTRAP = noClasses().that().resideOutsideOfPackage(BOOTSTRAP)
            .should().dependOnClassesThat().resideInAPackage(BOOTSTRAP)
            .as("nothing depends on bootstrap");

    static final ArchRule GENERATED_SERVER_CODE_ONLY_IN_THE_REST_ADAPTER = noClasses()
            .that().resideOutsideOfPackage(REST_ADAPTER)
            .should().dependOnClassesThat().resideInAPackage(GENERATED_SERVER_CODE)
            .as("code generated for the server is used by the REST adapter only");

    static final ArchRule GENERATED_CLIENT_CODE_ONLY_IN_THE_CLIENT_ADAPTER = noClasses()
            .that().resideOutsideOfPackage(CLIENT_ADAPTER)
            .should().dependOnClassesThat().resideInAPackage(GENERATED_CLIENT_CODE)
            .as("code generated for DLI clients is used by the client adapter only");

    static final ArchRule API_CONTRACT_DEPENDS_ON_THE_JDK_ONLY = noClasses().that().resideInAPackage(API_CONTRACT)
            .should().dependOnClassesThat().resideOutsideOfPackages(API_CONTRACT, "java..", "javax.crypto..")
            .as("the API contract's code depends on the JDK only");

    static final ArchRule THE_SERVICE_DOES_NOT_USE_ITS_CALLERS_CLIENT = noClasses()
            .that().resideOutsideOfPackage(JAVA_CLIENT)
            .should().dependOnClassesThat().resideInAPackage(JAVA_CLIENT)
            .as("the service does not depend on the Java client made for its callers");

    static final ArchRule THE_JAVA_CLIENT_NEEDS_ONLY_THE_CONTRACT_JACKSON_AND_ITS_HTTP_CLIENT = noClasses()
            .that().resideInAPackage(JAVA_CLIENT)
            .should().dependOnClassesThat().resideOutsideOfPackages(JAVA_CLIENT, API_CONTRACT, "java..", "javax..",
                    "com.fasterxml.jackson..", "jakarta.annotation..", "org.apache.hc..")
            .as("the Java client depends on the contract, Jackson, Apache HttpClient and the JDK only");

    /** The generated client's invoker and its auth package refer to each other: the generator's layout, not ours. */
    private static final String GENERATED_CLIENT_INVOKER = "dev.dlirun.client.invoker..";

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(ROOT + ".(**)").should().beFreeOfCycles()
            .ignoreDependency(resideInAPackage(GENERATED_CLIENT_INVOKER), resideInAPackage(GENERATED_CLIENT_INVOKER))
            .as("no package cycles");

    /**
     * The hexagon as a whole. Every class must have a place in it (bootstrap, which wires everything, is the one
     * place outside), so a new package cannot slip past the rules above unnoticed.
     */
    static final Architectures.OnionArchitecture HEXAGON = onionArchitecture()
            .domainModels("dev.dlirun.domain.model..", "dev.dlirun.domain.run..", "dev.dlirun.domain.stop..",
                    "dev.dlirun.domain.wait..", "dev.dlirun.domain.definition..", "dev.dlirun.domain.outcome..",
                    "dev.dlirun.domain.insight..", "dev.dlirun.domain.template..", "dev.dlirun.domain.transfer..",
                    "dev.dlirun.domain.graph..", "dev.dlirun.domain.state..", "dev.dlirun.domain.version..",
                    "dev.dlirun.domain.upgrade..")
            .domainServices("dev.dlirun.domain.port..")
            .applicationServices(APPLICATION)
            .adapter("rest", REST_ADAPTER)
            .adapter("dli client", DLI_CLIENT, GENERATED_CLIENT_CODE)
            .adapter("local engine", LOCAL_ENGINE)
            .adapter("flink launcher", FLINK_LAUNCHER)
            .ensureAllClassesAreContainedInArchitectureIgnoring(BOOTSTRAP, API_CONTRACT, JAVA_CLIENT)
            // The Flink launcher plugs into the local engine at its seam, and there only (rule above).
            .ignoreDependency(resideInAPackage(FLINK_LAUNCHER), resideInAPackage(RUNTIME_SEAM))
            // Wiring everything is bootstrap's job.
            .ignoreDependency(resideInAPackage(BOOTSTRAP), alwaysTrue())
            // Both adapters compute the wire's signature; the domain and the application may not (rules above).
            .ignoreDependency(resideInAPackage("dev.dlirun.adapters.."), resideInAPackage(API_CONTRACT));
}
