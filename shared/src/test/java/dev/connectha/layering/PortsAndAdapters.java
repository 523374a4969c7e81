package dev.connectha.layering;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.conditions.ArchPredicates.are;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * The layering rule: workflow logic (the function modules' classes) and the ports it talks to
 * ({@code dev.connectha.ports}) reach AWS only through those ports. They depend on neither the SDK
 * ({@code software.amazon.awssdk}), nor the Kubernetes client ({@code io.fabric8}), nor the
 * implementations in {@code dev.connectha.aws}. The only
 * exception is the wiring: a function's Dagger component names {@code AdaptersModule}, and the code
 * Dagger generates from it constructs the implementations.
 */
public final class PortsAndAdapters {
  static final String SDK = "software.amazon.awssdk..";
  static final String ADAPTERS = "dev.connectha.aws..";
  /** The Kubernetes client (EKS topology): only its adapter in {@code dev.connectha.aws.eks} uses it. */
  static final String KUBERNETES_CLIENT = "io.fabric8..";

  private PortsAndAdapters() {}

  /** Fails, naming every offending dependency, when main code in {@code packages} breaks the rule. */
  public static void check(String... packages) {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(packages);
    if (classes.isEmpty()) {
      throw new AssertionError("no classes in " + String.join(", ", packages) + ": the rule would check nothing");
    }
    noClasses().that(are(not(wiring())))
        .should().dependOnClassesThat(resideInAnyPackage(SDK, KUBERNETES_CLIENT, ADAPTERS))
        .because("logic talks to AWS through the ports in dev.connectha.ports; only Dagger wiring names the adapters")
        .check(classes);
  }

  /**
   * A Dagger component (annotated {@code @Component}) or a class Dagger generated from one
   * ({@code DaggerXComponent} and its nested classes, {@code X_Factory}, {@code X_MembersInjector}).
   */
  static DescribedPredicate<JavaClass> wiring() {
    return DescribedPredicate.describe("Dagger wiring", c -> {
      String name = c.getName().substring(c.getPackageName().length() + 1);
      return c.isAnnotatedWith("dagger.Component") || name.startsWith("Dagger") || name.contains("_");
    });
  }
}
