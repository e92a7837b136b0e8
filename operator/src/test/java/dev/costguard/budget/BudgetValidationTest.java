package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.BudgetLimit;
import dev.costguard.api.v1alpha1.BudgetPeriod;
import dev.costguard.api.v1alpha1.PriceCatalog;
import dev.costguard.api.v1alpha1.WorkloadBudgetSpec;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetValidationTest {
  /**
   * catalogs as {@code name:currency[:default]}, comma-separated | priceCatalogRef | configured
   * default | limit currency | time zone | want: {@code Valid <catalog name>} or the reason.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          the named catalog                      | a:USD,b:EUR           | b    | none | EUR | UTC           | Valid PriceCatalog b
          a named catalog that does not exist    | a:USD                 | zz   | none | USD | UTC           | UnknownPriceCatalog
          the one default                        | a:USD,b:USD:default   | none | none | USD | UTC           | Valid PriceCatalog b
          two defaults are ambiguous             | a:USD:default,b:USD:default | none | none | USD | UTC     | DuplicateDefaultCatalog
          a name beats two defaults              | a:USD:default,b:USD:default | a | none | USD | UTC        | Valid PriceCatalog a
          the configured default without a marked one | a:USD,b:USD      | none | b    | USD | UTC           | Valid PriceCatalog b
          a configured default that does not exist | a:USD               | none | zz   | USD | UTC           | UnknownPriceCatalog
          no catalog at all: OpenCost's defaults | none                  | none | none | USD | UTC           | Valid OpenCost defaults
          OpenCost's defaults are in USD         | none                  | none | none | EUR | UTC           | CurrencyMismatch
          a limit in another currency            | a:USD:default         | none | none | EUR | UTC           | CurrencyMismatch
          an unknown time zone                   | a:USD:default         | none | none | USD | Europe/Atlantis | InvalidTimeZone
          a DST time zone is fine                | a:USD:default         | none | none | USD | America/New_York | Valid PriceCatalog a
          """)
  void whatOnlyTheOperatorCanCheck(
      String scenario,
      String catalogs,
      String ref,
      String configured,
      String currency,
      String zone,
      String want) {
    WorkloadBudgetSpec spec = new WorkloadBudgetSpec();
    spec.period = BudgetPeriod.Daily;
    spec.timeZone = zone;
    spec.priceCatalogRef = ref;
    spec.limit = new BudgetLimit();
    spec.limit.amount = BigDecimal.TEN;
    spec.limit.currency = currency;

    var outcome = BudgetValidation.validate(spec, catalogs(catalogs), configured);

    String got =
        outcome instanceof BudgetValidation.Valid valid
            ? "Valid " + valid.catalog().name()
            : ((BudgetValidation.Invalid) outcome).reason();
    assertThat(got).isEqualTo(want);
  }

  private static List<PriceCatalog> catalogs(String list) {
    if (list == null) {
      return List.of();
    }
    return Arrays.stream(list.split(","))
        .map(
            c -> {
              String[] parts = c.split(":");
              return Serialization.unmarshal(
                  """
          {"apiVersion":"costguard.dev/v1alpha1","kind":"PriceCatalog","metadata":{"name":"%s"},
           "spec":{"currency":"%s","default":%s,"onDemand":{"cpuCoreHour":1,"memoryGiBHour":0}}}"""
                      .formatted(parts[0], parts[1], parts.length > 2),
                  PriceCatalog.class);
            })
        .toList();
  }
}
