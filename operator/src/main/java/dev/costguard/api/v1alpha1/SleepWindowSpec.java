package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A weekly sleep window; it may cross midnight. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "self.from != self.to || has(self.untilDay)",
    message = "from and to must differ unless untilDay is set")
public class SleepWindowSpec {
  @Required
  @Size(min = 1, max = 7)
  @JsonPropertyDescription(
      "Days on which the window starts, e.g. [Mon, Tue, Wed, Thu, Fri]. A window from 19:00 to"
          + " 07:00 on Fri ends on Saturday morning.")
  public List<Weekday> days = new ArrayList<>();

  @Required
  @Pattern(SchemaPatterns.TIME_OF_DAY)
  @Size(
      max = 5) // bounds the CEL cost of the rule that compares it (the API server checks the cost)
  @JsonPropertyDescription("Start of sleep, HH:MM.")
  public String from;

  @Required
  @Pattern(SchemaPatterns.TIME_OF_DAY)
  @Size(max = 5)
  @JsonPropertyDescription("Wake-up, HH:MM; not later than from means the next day.")
  public String to;

  @JsonPropertyDescription(
      "Day on which sleep ends, for windows that span days such as a weekend: days [Fri],"
          + " from 19:00, to 07:00, untilDay Mon. Default: the start day, or the next day when to"
          + " is not later than from.")
  public Weekday untilDay;
}
