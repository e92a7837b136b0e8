package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.WorkloadBudgetStatus;
import dev.costguard.kube.Conditions;
import dev.costguard.testing.OperatorHarness;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input: Ready=False with a reason and message, a Warning event, and no action. */
class WorkloadBudgetValidationTest {
  private static OperatorHarness harness;
  private static BudgetFleet fleet;

  @BeforeAll
  static void start() {
    harness = OperatorHarness.start();
    fleet = BudgetFleet.seeded(harness);
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: eur}
        spec: {currency: EUR, onDemand: {cpuCoreHour: 1, memoryGiBHour: 0}}
        """);
  }

  @AfterAll
  static void stop() {
    harness.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          unknown catalog        | priceCatalogRef: nowhere       | USD | UnknownPriceCatalog | PriceCatalog nowhere does not exist
          currency mismatch      | priceCatalogRef: eur           | USD | CurrencyMismatch    | the limit is in USD but PriceCatalog eur prices in EUR
          unknown time zone      | 'timeZone: Mars/Olympus_Mons'  | USD | InvalidTimeZone     | unknown time zone Mars/Olympus_Mons
          """)
  void badInputIsNotReadyWithAReasonAWarningAndNoAction(
      String scenario, String field, String currency, String reason, String message) {
    String name = scenario.replace(' ', '-');
    harness.apply(budget(name, field, currency));

    WorkloadBudgetStatus status =
        fleet.awaitStatus(name, s -> Conditions.find(s.conditions, Conditions.READY).isPresent());
    Condition ready = Conditions.find(status.conditions, Conditions.READY).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(ready.getReason()).isEqualTo(reason);
    assertThat(ready.getMessage()).contains(message);
    assertThat(status.spent).isNull();
    assertThat(status.actions).isEmpty();
    assertThat(fleet.deployment("api").getSpec().getReplicas()).isEqualTo(4);
    harness.awaitValue(
        () ->
            harness.client().v1().events().inNamespace("default").list().getItems().stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .map(Event::getReason)
                .toList(),
        reasons -> reasons.contains(reason));
  }

  @Test
  void twoDefaultCatalogsAreAnErrorForBudgetsThatNameNone() {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: second-default}
        spec: {currency: USD, default: true, onDemand: {cpuCoreHour: 2, memoryGiBHour: 0}}
        """);
    harness.awaitValue(
        () -> catalogReady("second-default"),
        ready -> ready.map(r -> r.getReason().equals("DuplicateDefault")).orElse(false));
    harness.apply(budget("two-defaults", "timeZone: UTC", "USD"));
    WorkloadBudgetStatus status = fleet.awaitStatus("two-defaults", s -> !s.conditions.isEmpty());
    Condition ready = Conditions.find(status.conditions, Conditions.READY).orElseThrow();
    assertThat(ready.getReason()).isEqualTo("DuplicateDefaultCatalog");
    assertThat(ready.getMessage()).contains("second-default, test-usd");
    harness
        .client()
        .resources(dev.costguard.api.v1alpha1.PriceCatalog.class)
        .withName("second-default")
        .delete();
    fleet.awaitStatus("two-defaults", s -> Conditions.isTrue(s.conditions, Conditions.READY));
  }

  @Test
  void aCatalogWhosePricesCannotBeComputedWithIsNotReady() {
    harness.apply(
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: absurd}
        spec: {currency: USD, onDemand: {cpuCoreHour: 1e30, memoryGiBHour: 0}}
        """);
    Condition ready =
        harness.awaitValue(() -> catalogReady("absurd"), r -> r.isPresent()).orElseThrow();
    assertThat(ready.getStatus()).isEqualTo(Conditions.FALSE);
    assertThat(ready.getReason()).isEqualTo("InvalidPrices");
    assertThat(ready.getMessage()).contains("rate too large");
  }

  @Test
  void aSelectorThatMatchesNothingIsAWarningNotAnError() {
    harness.apply(
        budget("nobody", "timeZone: UTC", "USD")
            .replace("namespaces: [ml]", "namespaces: [nowhere]"));
    WorkloadBudgetStatus status = fleet.awaitStatus("nobody", s -> !s.conditions.isEmpty());
    assertThat(Conditions.isTrue(status.conditions, Conditions.READY)).isTrue();
    Condition nothing = Conditions.find(status.conditions, "NothingSelected").orElseThrow();
    assertThat(nothing.getStatus()).isEqualTo(Conditions.TRUE);
    assertThat(nothing.getReason()).isEqualTo("NoNamespaces");
    assertThat(status.spent).isEqualByComparingTo("0");
  }

  private static java.util.Optional<Condition> catalogReady(String name) {
    var catalog =
        harness
            .client()
            .resources(dev.costguard.api.v1alpha1.PriceCatalog.class)
            .withName(name)
            .get();
    return catalog == null || catalog.getStatus() == null
        ? java.util.Optional.empty()
        : Conditions.find(catalog.getStatus().conditions, Conditions.READY);
  }

  private static String budget(String name, String field, String currency) {
    return """
        apiVersion: costguard.dev/v1alpha1
        kind: WorkloadBudget
        metadata: {name: %s}
        spec:
          selector: {namespaces: [ml]}
          limit: {amount: 1, currency: %s}
          period: Daily
          %s
          thresholds:
            - {percent: 1, actions: [Suspend]}
        """
        .formatted(name, currency, field);
  }
}
