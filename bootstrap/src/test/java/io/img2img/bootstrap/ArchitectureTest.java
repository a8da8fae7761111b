package io.img2img.bootstrap;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleName;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameStartingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SPEC §2, enforced: domain depends on nothing but java; application on domain only; adapters never
 * on each other. ArchUnit fails a rule whose "that" matches no class, so none of these can pass empty.
 */
class ArchitectureTest {
    /** The driven adapters: each implements outbound ports. */
    private static final List<String> DRIVEN =
            List.of("imageio", "files", "ledger", "local", "scenario", "webhook", "metrics");
    /** The front ends: each calls inbound ports. */
    private static final List<String> FRONT_ENDS = List.of("mcp", "rest", "playground");
    /** The HTTP server with its gate, on which front ends are mounted. */
    private static final String HTTP = "http";

    private static final List<String> ADAPTERS = java.util.stream.Stream.of(DRIVEN, FRONT_ENDS, List.of(HTTP))
            .flatMap(List::stream)
            .toList();
    /**
     * What the application deliberately shares with driven adapters besides the outbound ports: the job table
     * a ledger must follow, the bounded cache, the owner-only file rules, and the policy's image bounds.
     */
    private static final String[] SHARED_WITH_DRIVEN = {
        "io.img2img.application.port.out..",
        "io.img2img.application.job..",
        "io.img2img.application.cache..",
        "io.img2img.application.files..",
        "io.img2img.application.webhook.." // the webhook rules the ledger writes by, the address rules the sender
        // checks
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        // production classes only: not the test classes, nor the test kits of application and storage (test-jars here)
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(location -> !location.contains("/io/img2img/application/testkit/")
                        && !location.contains("/io/img2img/adapter/ledger/testkit/"))
                .importPackages("io.img2img");
    }

    @Test
    void domainDependsOnlyOnJava() {
        ArchRule rule = classes()
                .that()
                .resideInAPackage("io.img2img.domain..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "io.img2img.domain..",
                        "java.lang..",
                        "java.util..",
                        "java.math..",
                        "java.time..",
                        "java.nio.charset..")
                .because("the domain is plain Java: no frameworks, no javax.imageio, no I/O");
        rule.check(classes);
    }

    @Test
    void applicationDependsOnlyOnDomainAndJava() {
        classes()
                .that()
                .resideInAPackage("io.img2img.application..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage("io.img2img.application..", "io.img2img.domain..", "java..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.img2img.application..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.google.inject..",
                        "io.javalin..",
                        "okhttp3..",
                        "io.modelcontextprotocol..",
                        "com.fasterxml..",
                        "java.awt..",
                        "javax..")
                .check(classes);
    }

    /**
     * SPEC §2, inside application: use cases on the engine and request handling, the engine on request handling (a
     * claimed job is validated again), request handling on neither; the engine is reached through its facade
     * {@code JobEngine} (plus the draft and ids it takes, and the state table the ledgers apply), its pieces never.
     */
    @Test
    void applicationPackagesByJobAndTheEngineBehindItsFacade() {
        noClasses()
                .that()
                .resideInAPackage("io.img2img.application.request..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.img2img.application.job..", "io.img2img.application.usecase..")
                .check(classes);
        noClasses()
                .that()
                .resideInAPackage("io.img2img.application.job..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.img2img.application.usecase..")
                .check(classes);
        noClasses()
                .that()
                .resideOutsideOfPackage("io.img2img.application.job..")
                .should()
                .dependOnClassesThat(resideInAnyPackage("io.img2img.application.job..")
                        .and(not(simpleNameStartingWith("JobEngine")
                                .or(simpleName("JobDraft"))
                                .or(simpleName("JobIds"))
                                .or(simpleName("JobMachine"))
                                .or(simpleNameStartingWith("JobEvent"))
                                .or(simpleName("JobPolicy")))))
                .because("the job engine's pieces (runner, slots, keeper, waiters, trackers) are its own business")
                .check(classes);
    }

    /** Adapters never reach each other; the one exception is a front end mounted on the HTTP server. */
    @Test
    void adaptersNeverDependOnEachOther() {
        for (String adapter : ADAPTERS) {
            String[] others = ADAPTERS.stream()
                    .filter(a -> !a.equals(adapter))
                    .filter(a -> !(a.equals(HTTP) && adapter.equals("rest")))
                    .map(ArchitectureTest::pkg)
                    .toArray(String[]::new);
            noClasses()
                    .that()
                    .resideInAPackage(pkg(adapter))
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(others)
                    .check(classes);
        }
    }

    /**
     * SPEC §2: a driven adapter implements outbound ports; it reaches the domain, the outbound ports and what the
     * application deliberately shares, never the application's services, another adapter or a front end.
     */
    @Test
    void drivenAdaptersReachOnlyOutboundPortsTheDomainAndWhatTheApplicationShares() {
        for (String adapter : DRIVEN) {
            String own = pkg(adapter);
            String[] allowed = java.util.stream.Stream.concat(
                            java.util.stream.Stream.of(own, "io.img2img.domain.."),
                            java.util.Arrays.stream(SHARED_WITH_DRIVEN))
                    .toArray(String[]::new);
            classes()
                    .that()
                    .resideInAPackage(own)
                    .should()
                    .onlyDependOnClassesThat(resideOutsideOfPackage("io.img2img..")
                            .or(resideInAnyPackage(allowed))
                            .or(simpleName("ServicePolicy")))
                    .because("driven adapters see the application through its outbound ports only")
                    .check(classes);
        }
    }

    /** The HTTP server mounts what it is given (routes, servlets, static files): it knows no front end and no use case. */
    @Test
    void theHttpServerReachesNoFrontEndNorTheApplication() {
        classes()
                .that()
                .resideInAPackage(pkg(HTTP))
                .should()
                .onlyDependOnClassesThat(
                        resideOutsideOfPackage("io.img2img..").or(resideInAnyPackage(pkg(HTTP), "io.img2img.domain..")))
                .check(classes);
    }

    /** SPEC §2: front ends call inbound ports only; an asset's bytes, a preview, the backend's name are use cases. */
    @Test
    void frontEndsReachTheApplicationThroughInboundPortsOnly() {
        for (String frontEnd : List.of("mcp", "rest")) {
            String own = pkg(frontEnd);
            classes()
                    .that()
                    .resideInAPackage(own)
                    .should()
                    .onlyDependOnClassesThat(resideOutsideOfPackage("io.img2img..")
                            .or(resideInAnyPackage(
                                    "io.img2img.application.port.in..", "io.img2img.domain..", own, pkg(HTTP))))
                    .check(classes);
        }
    }

    /** The playground is static files: it depends on nothing of ours. */
    @Test
    void thePlaygroundReachesNothingOfOurs() {
        noClasses()
                .that()
                .resideInAPackage(pkg("playground"))
                .should()
                .dependOnClassesThat(resideInAPackage("io.img2img..").and(resideOutsideOfPackage(pkg("playground"))))
                .check(classes);
    }

    private static String pkg(String adapter) {
        return "io.img2img.adapter." + adapter + "..";
    }

    @Test
    void adaptersAndCoreNeverDependOnTheBootstrap() {
        noClasses()
                .that()
                .resideInAnyPackage("io.img2img.domain..", "io.img2img.application..", "io.img2img.adapter..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.img2img.bootstrap..")
                .check(classes);
    }
}
