package io.teamchat.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.properties.CanBeAnnotated;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;

/**
 * The architecture rules every service keeps (docs/conventions.md), run by a small ArchitectureTest in each service:
 * {@code ArchitectureRules.check("io.teamchat.room")}. Each rule says why.
 */
public final class ArchitectureRules {

    private static final List<String> SERVICES = List.of("auth", "room", "message", "presence", "gateway");

    private ArchitectureRules() {}

    /** The rules for the service whose code lives under {@code servicePackage} (e.g. io.teamchat.room). */
    public static List<ArchRule> forService(String servicePackage) {
        String service = servicePackage.substring(servicePackage.lastIndexOf('.') + 1);
        String[] others = SERVICES.stream()
                .filter(name -> !name.equals(service))
                .map(name -> "io.teamchat." + name + "..")
                .toArray(String[]::new);
        return List.of(
                slices().matching(servicePackage + ".(*)..")
                        .should()
                        .beFreeOfCycles()
                        .because("packages are features: a cycle makes two features one that cannot be understood,"
                                + " tested or moved alone"),
                noClasses()
                        .that()
                        .resideInAPackage(servicePackage + "..")
                        .should()
                        .dependOnClassesThat()
                        .resideInAnyPackage(others)
                        .because("services share code only through libs/ and talk only over HTTP and streams"),
                noClasses()
                        .that()
                        .resideInAPackage(servicePackage + "..")
                        .and()
                        .areNotAnnotatedWith("jakarta.ws.rs.Path")
                        .should()
                        .dependOnClassesThat(resources())
                        .because("REST resources are entry points: use cases live in services that any door can"
                                + " call"));
    }

    /** Classes that serve REST ({@code @Path}), not the interfaces of REST clients, which also carry {@code @Path}. */
    private static DescribedPredicate<JavaClass> resources() {
        DescribedPredicate<CanBeAnnotated> resource = annotatedWith("jakarta.ws.rs.Path")
                .and(not(annotatedWith("org.eclipse.microprofile.rest.client.inject.RegisterRestClient")));
        return resource.<JavaClass>forSubtype().as("REST resources");
    }

    /** Imports the service's production classes (not its tests) and checks every rule. */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(servicePackage);
        for (ArchRule rule : forService(servicePackage)) {
            rule.allowEmptyShould(true).check(classes);
        }
    }
}
