package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonInclude;

@JsonClassDescription(
    "Whether the catalog's prices can be used (Ready with the reason when not)."
        + " Budgets, scaling caps and savings estimates that name this catalog use it only"
        + " while it is Ready. Written by the operator only.")
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class PriceCatalogStatus extends CostguardStatus {}
