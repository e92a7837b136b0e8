package dev.costguard.budget;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.api.v1alpha1.BudgetAction;
import dev.costguard.api.v1alpha1.BudgetThreshold;
import dev.costguard.api.v1alpha1.BudgetThreshold.ThresholdBasis;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrossedThresholdsTest {
  /** {@code percent:basis:action,action;...}; an empty basis means the default, Actual. */
  private static final String LADDER =
      "50::Notify;80:Forecast:BlockScaleUp,PreferSpot;100:Actual:ScaleToMinimum;120:Actual:Suspend";

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "none",
      textBlock =
          """
          well within the limit                  | LADDER | 100 | 10  | 40  | none          | none                                           | 0.1
          spent reaches 50% exactly              | LADDER | 100 | 50  | 60  | 50            | Notify                                         | 0.5
          forecast crosses 80% before spend does | LADDER | 100 | 30  | 85  | 80            | BlockScaleUp,PreferSpot                        | 0.3
          spend and forecast thresholds together | LADDER | 100 | 60  | 90  | 50,80         | Notify,BlockScaleUp,PreferSpot                 | 0.6
          limit reached                          | LADDER | 100 | 100 | 130 | 50,80,100     | Notify,BlockScaleUp,PreferSpot,ScaleToMinimum  | 1
          far over the limit                     | LADDER | 100 | 130 | 150 | 50,80,100,120 | Notify,BlockScaleUp,PreferSpot,ScaleToMinimum,Suspend | 1.3
          fractional money against the limit     | LADDER | 250.50 | 125.25 | 125.25 | 50  | Notify                                         | 0.5
          actions mildest first, each once       | 60:Actual:Suspend,Notify;70:Actual:Notify | 10 | 7 | 7 | 60,70 | Notify,Suspend       | 0.7
          a zero limit is used up from the start | LADDER | 0   | 0   | 0   | 50,80,100,120 | Notify,BlockScaleUp,PreferSpot,ScaleToMinimum,Suspend | 1
          """)
  void thresholdsCrossedAndActionsInForce(
      String scenario,
      String thresholds,
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal forecast,
      String wantPercents,
      String wantActions,
      BigDecimal wantUtilization) {
    CrossedThresholds crossed =
        CrossedThresholds.of(
            thresholds(thresholds.equals("LADDER") ? LADDER : thresholds), limit, spent, forecast);

    assertThat(crossed.percents())
        .isEqualTo(list(wantPercents).stream().map(Integer::valueOf).toList());
    assertThat(crossed.actions())
        .isEqualTo(list(wantActions).stream().map(BudgetAction::valueOf).toList());
    assertThat(crossed.utilization()).isEqualByComparingTo(wantUtilization);
  }

  private static List<BudgetThreshold> thresholds(String text) {
    return Arrays.stream(text.split(";"))
        .map(
            entry -> {
              String[] fields = entry.split(":", -1);
              var threshold = new BudgetThreshold();
              threshold.percent = Integer.valueOf(fields[0]);
              threshold.basis = fields[1].isEmpty() ? null : ThresholdBasis.valueOf(fields[1]);
              threshold.actions = list(fields[2]).stream().map(BudgetAction::valueOf).toList();
              return threshold;
            })
        .toList();
  }

  private static List<String> list(String commaSeparated) {
    return commaSeparated == null ? List.of() : List.of(commaSeparated.split(","));
  }
}
