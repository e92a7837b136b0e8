package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.LabelSelector;
import java.util.ArrayList;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ValidationRule(
    value = "(has(self.namespaces) && size(self.namespaces) > 0) || has(self.namespaceSelector)",
    message = "selector needs namespaces or a namespaceSelector")
public class BudgetSelector {
  @JsonPropertyDescription("Namespaces by name.")
  public List<String> namespaces = new ArrayList<>();

  @JsonPropertyDescription("Namespaces by label; joined with the list above.")
  @ValidationRule(
      value = SchemaPatterns.SELECTOR_VALUES_RULE,
      message = SchemaPatterns.SELECTOR_VALUES_MESSAGE)
  public LabelSelector namespaceSelector;

  @JsonPropertyDescription("Only pods with these labels count, e.g. team: vision.")
  @ValidationRule(
      value = SchemaPatterns.SELECTOR_VALUES_RULE,
      message = SchemaPatterns.SELECTOR_VALUES_MESSAGE)
  public LabelSelector workloadSelector;
}
