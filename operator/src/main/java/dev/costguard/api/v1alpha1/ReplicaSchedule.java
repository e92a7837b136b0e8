package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A weekly window during which the policy keeps at least minReplicas. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(value = "self.from != self.to", message = "from and to must differ")
public class ReplicaSchedule {
  @Required
  @Size(min = 1, max = 7)
  @JsonPropertyDescription("Days on which the window starts.")
  public List<Weekday> days = new ArrayList<>();

  @Required
  @Pattern(SchemaPatterns.TIME_OF_DAY)
  @Size(
      max = 5) // bounds the CEL cost of the rules that compare it (the API server checks the cost)
  @JsonPropertyDescription("Start, HH:MM in timeZone.")
  public String from;

  @Required
  @Pattern(SchemaPatterns.TIME_OF_DAY)
  @Size(max = 5)
  @JsonPropertyDescription("End, HH:MM in timeZone; earlier than from means the next day.")
  public String to;

  @Default("UTC")
  @JsonPropertyDescription("IANA time zone of from and to.")
  public String timeZone;

  @Required
  @Min(0)
  @Max(Integer.MAX_VALUE)
  @JsonPropertyDescription("Replicas kept at least during the window.")
  public Integer minReplicas;
}
