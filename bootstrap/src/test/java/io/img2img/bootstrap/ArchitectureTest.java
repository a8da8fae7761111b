package io.img2img.bootstrap;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * SPEC §2, enforced: domain depends on nothing but java; application on domain only; adapters never
 * on each other. ArchUnit fails a rule whose "that" matches no class, so none of these can pass empty.
 */
class ArchitectureTest {
    private static final List<String> ADAPTERS = List.of("imageio", "storage", "local", "scenario", "mcp", "rest", "playground");
    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        // production classes only: not the test classes, nor the test kits of application and storage (test-jars here)
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/io/img2img/application/testkit/")
                        && !location.contains("/io/img2img/adapter/storage/testkit/"))
                .importPackages("io.img2img");
    }

    @Test
    void domainDependsOnlyOnJava() {
        ArchRule rule = classes().that().resideInAPackage("io.img2img.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.img2img.domain..", "java.lang..", "java.util..",
                        "java.math..", "java.time..", "java.nio.charset..")
                .because("the domain is plain Java: no frameworks, no javax.imageio, no I/O");
        rule.check(classes);
    }

    @Test
    void applicationDependsOnlyOnDomainAndJava() {
        classes().that().resideInAPackage("io.img2img.application..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("io.img2img.application..", "io.img2img.domain..",
                        "java..")
                .check(classes);
        noClasses().that().resideInAPackage("io.img2img.application..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "io.javalin..", "okhttp3..",
                        "io.modelcontextprotocol..", "com.fasterxml..", "java.awt..", "javax..")
                .check(classes);
    }

    /**
     * SPEC §2, inside application: use cases on the engine and request handling, the engine on request handling (a
     * claimed job is validated again), request handling on neither; the engine is reached through its facade
     * {@code JobEngine} (plus the draft and ids it takes, and the state table the ledgers apply), its pieces never.
     */
    @Test
    void applicationPackagesByJobAndTheEngineBehindItsFacade() {
        noClasses().that().resideInAPackage("io.img2img.application.request..")
                .should().dependOnClassesThat().resideInAnyPackage("io.img2img.application.job..",
                        "io.img2img.application.usecase..")
                .check(classes);
        noClasses().that().resideInAPackage("io.img2img.application.job..")
                .should().dependOnClassesThat().resideInAPackage("io.img2img.application.usecase..")
                .check(classes);
        noClasses().that().resideOutsideOfPackage("io.img2img.application.job..")
                .should().dependOnClassesThat(resideInAnyPackage("io.img2img.application.job..")
                        .and(not(simpleNameStartingWith("JobEngine").or(simpleName("JobDraft")).or(simpleName("JobIds"))
                                .or(simpleName("JobMachine")).or(simpleNameStartingWith("JobEvent"))
                                .or(simpleName("JobPolicy")))))
                .because("the job engine's pieces (runner, slots, keeper, waiters, trackers) are its own business")
                .check(classes);
    }

    @Test
    void adaptersNeverDependOnEachOther() {
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream().filter(a -> !a.equals(adapter))
                    .map(a -> "io.img2img.adapter." + a + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("io.img2img.adapter." + adapter + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .check(classes);
        }
    }

    /** SPEC §2: front ends call inbound ports only; an asset's bytes, a preview, the backend's name are use cases. */
    @Test
    void frontEndsReachTheApplicationThroughInboundPortsOnly() {
        for (String frontEnd : List.of("mcp", "rest")) {
            String own = "io.img2img.adapter." + frontEnd + "..";
            classes().that().resideInAPackage(own)
                    .should().onlyDependOnClassesThat(resideOutsideOfPackage("io.img2img..")
                            .or(resideInAnyPackage("io.img2img.application.port.in..", "io.img2img.domain..", own)))
                    .check(classes);
        }
    }

    @Test
    void adaptersAndCoreNeverDependOnTheBootstrap() {
        noClasses().that().resideInAnyPackage("io.img2img.domain..", "io.img2img.application..", "io.img2img.adapter..")
                .should().dependOnClassesThat().resideInAPackage("io.img2img.bootstrap..")
                .check(classes);
    }
}
