package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.crd.generator.annotation.SchemaSwap;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A money budget for the workloads of a team or a set of namespaces, enforced at thresholds. */
@JsonDeserialize(using = TolerantDecoding.WorkloadBudgetDecoder.class)
@SchemaSwap(
    originalType = LabelSelectorRequirement.class,
    fieldName = "operator",
    targetType = LabelSelectorOperator.class)
@Group(CostguardApi.GROUP)
@Version(CostguardApi.VERSION)
@ShortNames("wbudget")
@JsonClassDescription(
    "WorkloadBudget accrues the spend of the pods it selects over a daily, weekly or monthly"
        + " period, forecasts the period end, and acts at thresholds: notify, block scale-up,"
        + " prefer spot, scale to minimum, suspend. Cluster-scoped.")
@AdditionalPrinterColumn(
    name = "Limit",
    jsonPath = ".spec.limit.amount",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Currency",
    jsonPath = ".spec.limit.currency",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Spent",
    jsonPath = ".status.spent",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Forecast",
    jsonPath = ".status.forecast",
    type = AdditionalPrinterColumn.Type.NUMBER)
@AdditionalPrinterColumn(
    name = "Utilization",
    jsonPath = ".status.utilization",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Ready",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].message",
    type = AdditionalPrinterColumn.Type.STRING,
    priority = 1)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
public class WorkloadBudget extends CustomResource<WorkloadBudgetSpec, WorkloadBudgetStatus> {}
