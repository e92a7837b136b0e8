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

/** Puts dev namespaces to sleep on a timetable and restores exactly what was there. */
@JsonDeserialize(using = TolerantDecoding.ShutdownScheduleDecoder.class)
@SchemaSwap(
    originalType = LabelSelectorRequirement.class,
    fieldName = "operator",
    targetType = LabelSelectorOperator.class)
@Group(CostguardApi.GROUP)
@Version(CostguardApi.VERSION)
@ShortNames("shutdown")
@JsonClassDescription(
    "ShutdownSchedule scales the Deployments and StatefulSets of the selected namespaces to zero,"
        + " suspends their CronJobs and pauses their autoscalers during sleep windows and"
        + " holidays, and restores exactly what was there on wake-up. Cluster-scoped.")
@AdditionalPrinterColumn(
    name = "State",
    jsonPath = ".status.state",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Next-Transition",
    jsonPath = ".status.nextTransition",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Sleeping",
    jsonPath = ".status.sleepingWorkloads",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Savings",
    jsonPath = ".status.estimatedSavings",
    type = AdditionalPrinterColumn.Type.NUMBER)
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
public class ShutdownSchedule
    extends CustomResource<ShutdownScheduleSpec, ShutdownScheduleStatus> {}
