package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Prices that turn CPU, memory and GPUs into money per hour, and into watts and CO2. */
@JsonDeserialize(using = TolerantDecoding.PriceCatalogDecoder.class)
@Group(CostguardApi.GROUP)
@Version(CostguardApi.VERSION)
@ShortNames("pricecat")
@JsonClassDescription(
    "PriceCatalog turns CPU, memory and GPU requests into money per hour (on-demand, spot and"
        + " node-pool prices) and into energy and carbon estimates. Cluster-scoped.")
@AdditionalPrinterColumn(
    name = "Currency",
    jsonPath = ".spec.currency",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Default",
    jsonPath = ".spec.default",
    type = AdditionalPrinterColumn.Type.BOOLEAN)
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
public class PriceCatalog extends CustomResource<PriceCatalogSpec, PriceCatalogStatus> {}
