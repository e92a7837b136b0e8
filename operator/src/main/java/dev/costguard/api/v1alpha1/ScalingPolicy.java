package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Scales one Deployment or StatefulSet on utilisation, within min/max and within money. */
@JsonDeserialize(using = TolerantDecoding.ScalingPolicyDecoder.class)
@Group(CostguardApi.GROUP)
@Version(CostguardApi.VERSION)
@ShortNames("scalepol")
@JsonClassDescription(
    "ScalingPolicy scales a Deployment or StatefulSet on CPU, memory or Prometheus metrics"
        + " (e.g. DCGM GPU utilisation) within minReplicas..maxReplicas, capped by a budget, with"
        + " optional spot placement. It drives an existing HPA or KEDA ScaledObject instead of"
        + " fighting it.")
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.targetRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Min",
    jsonPath = ".spec.minReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Max",
    jsonPath = ".spec.maxReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Current",
    jsonPath = ".status.currentReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Desired",
    jsonPath = ".status.desiredReplicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Limited-By",
    jsonPath = ".status.limitedBy",
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
public class ScalingPolicy extends CustomResource<ScalingPolicySpec, ScalingPolicyStatus>
    implements Namespaced {}
