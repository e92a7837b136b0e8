package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

@JsonClassDescription(
    "When and what to put to sleep: the namespaces (by name or selector), exclusions,"
        + " the weekly sleep windows and holidays in a time zone, and the replicas to sleep"
        + " at. Written by you; the operator never changes it.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "(has(self.namespaces) && size(self.namespaces) > 0) || has(self.namespaceSelector)",
    message = "a schedule needs namespaces or a namespaceSelector")
@ValidationRule(
    value =
        "(has(self.sleep) && size(self.sleep) > 0) || (has(self.holidays) && size(self.holidays) > 0)",
    message = "a schedule needs at least one sleep window or holiday")
public class ShutdownScheduleSpec {
  @JsonPropertyDescription(
      "Namespaces by name. kube-system and the operator's own namespace are never touched.")
  public List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("Namespaces by label; joined with the list above.")
  @ValidationRule(
      value = SchemaPatterns.SELECTOR_VALUES_RULE,
      message = SchemaPatterns.SELECTOR_VALUES_MESSAGE)
  public LabelSelector namespaceSelector;

  @Required
  @JsonPropertyDescription("IANA time zone of the windows and holidays, e.g. Europe/Berlin.")
  public String timeZone;

  @Size(max = 32) // a CEL rule runs over every item: the API server needs the list bounded
  @JsonPropertyDescription(
      "Weekly windows during which the namespaces sleep (at most 32). Windows may cross midnight"
          + " and, with untilDay, span a weekend.")
  public List<SleepWindowSpec> sleep = new ArrayList<>();

  @JsonPropertyDescription("Dates (YYYY-MM-DD) on which the namespaces sleep all day.")
  public List<@Pattern(SchemaPatterns.DATE) String> holidays = new ArrayList<>();

  @JsonPropertyDescription(
      "Workloads never put to sleep. A workload annotated costguard.dev/exclude=true is skipped too.")
  @ValidationRule(
      value = SchemaPatterns.SELECTOR_VALUES_RULE,
      message = SchemaPatterns.SELECTOR_VALUES_MESSAGE)
  public LabelSelector exclude;

  @Min(0)
  @Max(Integer.MAX_VALUE)
  @Default("0")
  @JsonPropertyDescription("Replicas a sleeping Deployment or StatefulSet keeps.")
  public Integer sleepReplicas;

  @JsonPropertyDescription(
      "Name of the PriceCatalog used to estimate savings; without it the default catalog applies.")
  public String priceCatalogRef;

  @Default("Enforce")
  @JsonPropertyDescription("Enforce puts workloads to sleep; DryRun only reports what would sleep.")
  public Mode mode;
}
