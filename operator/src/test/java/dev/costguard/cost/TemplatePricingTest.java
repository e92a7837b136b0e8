package dev.costguard.cost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.costguard.sandbox.MockCluster;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TemplatePricingTest {
  private static final PodSpec NOTEBOOK =
      new PodSpecBuilder()
          .withNodeSelector(Map.of("nvidia.com/gpu.product", "NVIDIA-L4"))
          .addNewContainer()
          .withName("main")
          .withNewResources()
          .withRequests(Map.of("cpu", new Quantity("2"), "memory", new Quantity("8Gi")))
          .withLimits(Map.of("nvidia.com/gpu", new Quantity("1")))
          .endResources()
          .endContainer()
          .build();

  private MockCluster cluster;
  private TemplatePricing pricing;

  @BeforeEach
  void start() {
    cluster = MockCluster.start();
    pricing =
        new TemplatePricing(
            () ->
                cluster
                    .client()
                    .resources(dev.costguard.api.v1alpha1.PriceCatalog.class)
                    .list()
                    .getItems(),
            "");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void withoutCatalogsATemplateCostsOpenCostDefaults() {
    CatalogChoice.Chosen defaults = (CatalogChoice.Chosen) pricing.choose("");
    assertThat(defaults.currency()).isEqualTo("USD");
    // 2 x 0.031611 + 8 x 0.004237 + 1 x 0.95 (the GPU limit stands in for its request)
    assertThat(pricing.perPodHour(defaults, NOTEBOOK)).isEqualByComparingTo("1.047118");
  }

  @Test
  void thePinnedGpuModelIsPricedFromTheDefaultCatalog() {
    catalog("eur", true, "EUR");
    CatalogChoice.Chosen chosen = (CatalogChoice.Chosen) pricing.choose(null);
    assertThat(chosen.currency()).isEqualTo("EUR");
    // 2 x 0.04 + 8 x 0.005 + 1 x 0.70 (the L4 price, as the template pins that model)
    assertThat(pricing.perPodHour(chosen, NOTEBOOK)).isEqualByComparingTo("0.82");
  }

  @Test
  void anUnknownOrAmbiguousCatalogIsUnavailableWithAReason() {
    catalog("a", true, "USD");
    catalog("b", true, "USD");
    assertThat(pricing.choose("missing"))
        .isEqualTo(
            new CatalogChoice.Unavailable(
                "UnknownPriceCatalog", "PriceCatalog missing does not exist"));
    assertThat(pricing.choose(""))
        .isInstanceOfSatisfying(
            CatalogChoice.Unavailable.class,
            u -> assertThat(u.reason()).isEqualTo("DuplicateDefaultCatalog"));
    assertThat(pricing.choose("b")).isInstanceOf(CatalogChoice.Chosen.class);
  }

  private void catalog(String name, boolean isDefault, String currency) {
    String yaml =
        """
        apiVersion: costguard.dev/v1alpha1
        kind: PriceCatalog
        metadata: {name: %s}
        spec:
          currency: %s
          default: %s
          onDemand: {cpuCoreHour: 0.04, memoryGiBHour: 0.005, gpuHour: 2, gpuModels: {NVIDIA-L4: 0.70}}
        """
            .formatted(name, currency, isDefault);
    cluster.client().load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).create();
  }
}
