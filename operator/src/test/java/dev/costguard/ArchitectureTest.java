package dev.costguard;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.costguard.operator.OperatorConfig;
import dev.costguard.operator.OperatorServices;
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
   * Capabilities still reach the configuration through the {@link OperatorServices} bag of the
   * {@code operator} package, which also wires them: that one known cycle is ignored here until the
   * reconcilers take their collaborators through constructors. Any other cycle fails.
   */
  @Test
  void packagesFormNoCycles() {
    slices()
        .matching("dev.costguard.(*)..")
        .should()
        .beFreeOfCycles()
        .ignoreDependency(
            describe("any class", (JavaClass c) -> true),
            describe(
                "OperatorServices or OperatorConfig",
                (JavaClass c) ->
                    c.isEquivalentTo(OperatorServices.class)
                        || c.isEquivalentTo(OperatorConfig.class)))
        .check(product);
  }
}
