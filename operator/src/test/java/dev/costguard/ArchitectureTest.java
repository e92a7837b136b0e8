package dev.costguard;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The package rules of docs/architecture.md, checked on the product's classes. */
class ArchitectureTest {
  private static JavaClasses product;

  @BeforeAll
  static void importProduct() {
    product =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.costguard");
  }

  @Test
  void decisionsAreComputedWithoutTheCluster() {
    noClasses()
        .that()
        .haveSimpleNameEndingWith("Planner")
        .or()
        .haveSimpleNameEndingWith("Decision")
        .or()
        .haveSimpleNameEndingWith("Calculator")
        .should()
        .dependOnClassesThat()
        .areAssignableTo(KubernetesClient.class)
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8.kubernetes.client.dsl..")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("WorkloadPatcher")
        .orShould()
        .dependOnClassesThat()
        .haveSimpleName("EventRecorder")
        .check(product);
  }

  @Test
  void theProductNeverImportsTheSandbox() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dev.costguard.sandbox..")
        .and()
        .doNotHaveFullyQualifiedName("dev.costguard.Main")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.costguard.sandbox..")
        .check(product);
  }

  @Test
  void theResourceModelHoldsNoControllerCode() {
    noClasses()
        .that()
        .resideInAPackage("dev.costguard.api..")
        .should()
        .dependOnClassesThat(
            describe(
                "are Costguard classes outside the API",
                (JavaClass c) ->
                    c.getPackageName().startsWith("dev.costguard")
                        && !c.getPackageName().startsWith("dev.costguard.api")))
        .orShould()
        .dependOnClassesThat()
        .resideInAPackage("io.javaoperatorsdk..")
        .orShould()
        .dependOnClassesThat()
        .areAssignableTo(KubernetesClient.class)
        .check(product);
  }

  /**
   * No package cycles: capabilities get their collaborators through constructors, wired in the
   * {@code operator} package, and never reach back into it.
   */
  @Test
  void packagesFormNoCycles() {
    slices().matching("dev.costguard.(*)..").should().beFreeOfCycles().check(product);
  }

  /**
   * Only {@code Main} and the sandbox start the operator; capabilities never reach back into it.
   */
  @Test
  void capabilitiesNeverReachIntoTheCompositionRoot() {
    noClasses()
        .that()
        .resideOutsideOfPackages("dev.costguard.operator..", "dev.costguard.sandbox..")
        .and()
        .resideOutsideOfPackage("dev.costguard")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.costguard.operator..")
        .check(product);
  }
}
