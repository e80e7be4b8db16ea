package dev.dos.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package graph of docs/ARCHITECTURE.md, checked on the compiled production classes of every
 * module this one depends on (emulator, core, discord, s3, app; bench is not on this classpath).
 * Maven's module dependencies already keep a module from using one it does not declare; these
 * rules hold what the poms cannot: what a module may use of the ones it does declare, the
 * internal packages, and the layers inside core and s3.
 */
class ArchitectureTest {
    /** Production classes only: test-classes folders (any build folder name) and test-jars are left out. */
    static final ImportOption PRODUCTION = location -> !location.contains("/test-classes/")
            && !location.contains("-tests.jar");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(PRODUCTION).importPackages("dev.dos");
    }

    @Test
    void coreDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("dev.dos.core..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.dos.discord..", "dev.dos.emulator..", "dev.dos.s3..", "dev.dos.app..", "dev.dos.bench..")
                .because("core is the storage-neutral centre: every other module builds on it, never the reverse")
                .check(classes);
    }

    @Test
    void discordBuildsOnCoreOnly() {
        noClasses().that().resideInAPackage("dev.dos.discord..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.dos.emulator..", "dev.dos.s3..", "dev.dos.app..", "dev.dos.bench..")
                .because("the Discord remote is one implementation of core's StorageRemote, tested against the"
                        + " emulator but never linked to it")
                .check(classes);
    }

    @Test
    void s3BuildsOnCoreOnly() {
        noClasses().that().resideInAPackage("dev.dos.s3..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.dos.discord..", "dev.dos.emulator..", "dev.dos.app..", "dev.dos.bench..")
                .because("the S3 engine stores through core's StorageRemote; app chooses the remote")
                .check(classes);
    }

    @Test
    void theEmulatorStandsAlone() {
        noClasses().that().resideInAPackage("dev.dos.emulator..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "dev.dos.core..", "dev.dos.discord..", "dev.dos.s3..", "dev.dos.app..", "dev.dos.bench..")
                .because("the emulator plays Discord for any client: sharing our types could hide a mismatch")
                .check(classes);
    }

    @Test
    void internalPackagesAreUsedOnlyFromTheirParentPackage() {
        classes().that().resideInAPackage("..internal..")
                .should(beUsedOnlyFromTheirParentPackageTree())
                .check(classes);
    }

    @Test
    void s3ProtocolAndStoreContractKnowNothingOfTheEngineOrCore() {
        noClasses().that().resideInAnyPackage("dev.dos.s3", "dev.dos.s3.http..", "dev.dos.s3.store..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.dos.s3.engine..", "dev.dos.core..")
                .because("the protocol serves any ObjectStore (ObjectStoreConformance); only the engine keeps"
                        + " objects on a dos remote")
                .check(classes);
    }

    @Test
    void theS3StoreContractKnowsNothingOfHttp() {
        noClasses().that().resideInAPackage("dev.dos.s3.store..")
                .should().dependOnClassesThat().resideInAPackage("dev.dos.s3.http..")
                .check(classes);
    }

    /** Lower layers never reach up: the remote knows no encryption, the format no operations. */
    @Test
    void coreIsLayered() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("backup and keys").definedBy("dev.dos.core.backup..", "dev.dos.core.keys..")
                .layer("operations").definedBy("dev.dos.core.ops..")
                .layer("metadata").definedBy("dev.dos.core.meta..")
                .layer("packing").definedBy("dev.dos.core.pack..")
                .layer("format").definedBy("dev.dos.core.format..")
                .layer("remote").definedBy("dev.dos.core.remote..")
                .layer("primitives").definedBy("dev.dos.core.crypto..", "dev.dos.core.compress..",
                        "dev.dos.core.io..", "dev.dos.core.config..")
                .whereLayer("backup and keys").mayNotBeAccessedByAnyLayer()
                .whereLayer("operations").mayOnlyBeAccessedByLayers("backup and keys")
                .whereLayer("metadata").mayOnlyBeAccessedByLayers("operations", "backup and keys")
                .whereLayer("packing").mayOnlyBeAccessedByLayers("operations", "backup and keys")
                .whereLayer("format").mayOnlyBeAccessedByLayers("packing", "metadata", "operations", "backup and keys")
                .whereLayer("remote").mayOnlyBeAccessedByLayers("metadata", "operations", "backup and keys")
                .check(classes);
    }

    @Test
    void coreHasNoJobConcept() {
        noClasses().that().resideInAPackage("dev.dos.core..")
                .should().haveSimpleNameContaining("Job")
                .because("jobs are the web server's: app.jobs keeps them in a table of the metadata file"
                        + " through MetadataStore.database(), which knows no table's meaning")
                .check(classes);
    }

    @Test
    void theJobStoreIsUsedOnlyByTheWebServer() {
        noClasses().that().resideOutsideOfPackages("dev.dos.app.jobs..", "dev.dos.app.web..", "dev.dos.app.results..")
                .should().dependOnClassesThat().resideInAPackage("dev.dos.app.jobs..")
                .because("the CLI runs operations directly; only the web server queues them as jobs")
                .check(classes);
    }

    @Test
    void theWebServerDoesNotUseTheCommandLine() {
        noClasses().that().resideInAPackage("dev.dos.app.web..")
                .should().dependOnClassesThat().resideInAPackage("dev.dos.app.cli..")
                .because("both are thin shells over core's operations")
                .check(classes);
    }

    @Test
    void onlyTheShellsPrint() {
        noClasses().that().resideInAnyPackage("dev.dos.core..", "dev.dos.discord..", "dev.dos.s3..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .because("operations report through listeners and results; the CLI and the web layer render them")
                .check(classes);
    }

    /** A class in {@code a.b.internal.c} may be used by classes in {@code a.b} and below only. */
    private static ArchCondition<JavaClass> beUsedOnlyFromTheirParentPackageTree() {
        return new ArchCondition<>("be used only from their parent package tree") {
            @Override
            public void check(JavaClass internal, ConditionEvents events) {
                String name = internal.getPackageName();
                String parent = name.substring(0, name.indexOf(".internal"));
                for (Dependency use : internal.getDirectDependenciesToSelf()) {
                    String from = use.getOriginClass().getPackageName();
                    if (!from.equals(parent) && !from.startsWith(parent + ".")) {
                        events.add(SimpleConditionEvent.violated(use, use.getDescription()));
                    }
                }
            }
        };
    }
}
