package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;

@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PriceCatalogStatus extends CostguardStatus {}
