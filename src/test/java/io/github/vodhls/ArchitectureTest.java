package io.github.vodhls;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.Test;

/** The package rules of STYLE.md, checked on the main classes. */
@AnalyzeClasses(packages = "io.github.vodhls", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coreDependsOnNoCloudSdkFcTypeServerOrOuterLayer = noClasses()
            .that().resideInAPackage("io.github.vodhls.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "com.aliyun..", "com.alicloud..", "com.aliyuncs..", "com.sun.net.httpserver..", "org.h2..",
                    "io.github.vodhls.adapters..", "io.github.vodhls.functions..", "io.github.vodhls.wiring..",
                    "io.github.vodhls.local..")
            .because("core is plain Java: no cloud SDK, no FC type, no HTTP server, no outer layer");

    @ArchTest
    static final ArchRule jjwtOnlyInsideCoreToken = noClasses()
            .that().resideOutsideOfPackage("io.github.vodhls.core.token..")
            .should().dependOnClassesThat().resideInAPackage("io.jsonwebtoken..")
            .because("jjwt types stay inside core.token");

    @ArchTest
    static final ArchRule environmentReadOnlyByWiringAndLocal = noClasses()
            .that().resideOutsideOfPackages("io.github.vodhls.wiring..", "io.github.vodhls.local..")
            .should().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class)
            .because("wiring is the only place that reads the environment");

    @ArchTest
    static final ArchRule coreRulesKnowNothingOfHttp = noClasses()
            .that().resideInAnyPackage("io.github.vodhls.core.token..", "io.github.vodhls.core.keys..",
                    "io.github.vodhls.core.video..", "io.github.vodhls.core.playlist..",
                    "io.github.vodhls.core.entitlement..", "io.github.vodhls.core.auth..",
                    "io.github.vodhls.core.config..", "io.github.vodhls.core.error..", "io.github.vodhls.core.cache..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.vodhls.core.http..",
                    "io.github.vodhls.core.endpoint..")
            .because("the rules are HTTP-free; core.http holds the neutral HTTP types and core.endpoint the four "
                    + "endpoints that turn requests into calls of the rules");

    @ArchTest
    static final ArchRule httpTypesNeverReachTheEndpoints = noClasses()
            .that().resideInAPackage("io.github.vodhls.core.http..")
            .should().dependOnClassesThat().resideInAPackage("io.github.vodhls.core.endpoint..")
            .because("core.http is the types the endpoints are made of");

    @ArchTest
    static final ArchRule adaptersDependOnCoreOnly = noClasses()
            .that().resideInAPackage("io.github.vodhls.adapters..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.vodhls.functions..",
                    "io.github.vodhls.wiring..", "io.github.vodhls.local..")
            .because("an adapter implements a core port for one external system and knows nothing of who wires it");

    @ArchTest
    static final ArchRule functionsDependOnCoreAndWiringOnly = noClasses()
            .that().resideInAPackage("io.github.vodhls.functions..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.vodhls.adapters..",
                    "io.github.vodhls.local..")
            .because("a handler reads the event, calls the graph the wiring built, writes the answer");

    @ArchTest
    static final ArchRule wiringNeverReachesHandlersOrTheLocalStack = noClasses()
            .that().resideInAPackage("io.github.vodhls.wiring..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.vodhls.functions..",
                    "io.github.vodhls.local..", "io.github.vodhls.adapters.local..")
            .because("the wiring builds graphs for the FC package, which leaves the local stack out");

    @ArchTest
    static final ArchRule theLocalStackIsReachedFromNothingInTheFcPackage = noClasses()
            .that().resideOutsideOfPackages("io.github.vodhls.local..", "io.github.vodhls.adapters.local..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.vodhls.local..",
                    "io.github.vodhls.adapters.local..")
            .because("the FC package leaves local/** and adapters/local/** out (pom.xml shade filter)");

    @ArchTest
    static final ArchRule alibabaCloudSdksOnlyInTheirAdapters = noClasses()
            .that().resideOutsideOfPackage("io.github.vodhls.adapters.aliyun..")
            .should().dependOnClassesThat().resideInAnyPackage("com.aliyuncs..", "com.alicloud..")
            .because("SDK types never leave the adapter (STYLE.md)");

    @ArchTest
    static final ArchRule fcRuntimeTypesOnlyInTheFunctionsLayer = noClasses()
            .that().resideOutsideOfPackage("io.github.vodhls.functions..")
            .should().dependOnClassesThat().resideInAPackage("com.aliyun.fc.runtime..")
            .because("below the handlers an invocation is the project's own Invocation, not FC's Context");

    /** Outside every room it may be in: reads the environment, uses jjwt, the local stack and an SDK type. */
    static final class Violator {
        String region() {
            return System.getenv("FC_REGION");
        }

        Object parser() {
            return Jwts.parser();
        }

        Object localStack() {
            return io.github.vodhls.local.LocalStack.class;
        }

        Object sdk(com.aliyuncs.IAcsClient client) {
            return client;
        }
    }

    @Test
    void rules_whenViolated_fail() {
        JavaClasses violator = new ClassFileImporter().importClasses(Violator.class);
        assertThrows(AssertionError.class, () -> environmentReadOnlyByWiringAndLocal.check(violator));
        assertThrows(AssertionError.class, () -> jjwtOnlyInsideCoreToken.check(violator));
        assertThrows(AssertionError.class, () -> theLocalStackIsReachedFromNothingInTheFcPackage.check(violator));
        assertThrows(AssertionError.class, () -> alibabaCloudSdksOnlyInTheirAdapters.check(violator));
    }
}
