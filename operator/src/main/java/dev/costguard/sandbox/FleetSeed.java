package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated fleet the sandbox starts with: on-demand and spot nodes labelled the way Karpenter,
 * EKS, GKE and AKS label them, GPU nodes of several models, an on-prem DGX pool (priced per node
 * hour by the example catalog's {@code onprem-dgx} node pool), team and dev namespaces, and AI
 * training and inference workloads. Every workload fits the nodes at its maximum replicas (the
 * example policies' {@code maxReplicas} included, spot placement or not), GPUs counted per model:
 * 12 on-demand L4 (and 4 spot) for chat (up to 8), notebook, jupyter and the capped namespace's
 * chat (2); 8 A100 on gpu-a100-1 for vLLM (up to 4) and the capped vLLM; the fine-tuning job's 8
 * A100 on the on-prem pool; 8 H100 for vision training.
 */
public final class FleetSeed {
  public static final String GPU_PRODUCT_LABEL = "nvidia.com/gpu.product";
  public static final String H100 = "NVIDIA-H100-80GB-HBM3";
  public static final String A100 = "NVIDIA-A100-SXM4-80GB";
  public static final String L4 = "NVIDIA-L4";
  public static final String POOL_LABEL = "costguard.dev/pool";
  public static final String ONPREM_POOL = "onprem-dgx";

  private FleetSeed() {}

  public static List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    objects.addAll(nodes());
    objects.addAll(namespaces());
    objects.addAll(workloads());
    return objects;
  }

  public static List<HasMetadata> nodes() {
    return List.of(
        node(
            "karpenter-od-1",
            16,
            64,
            0,
            null,
            Map.of("karpenter.sh/capacity-type", "on-demand"),
            List.of()),
        node(
            "karpenter-spot-1",
            16,
            64,
            0,
            null,
            Map.of("karpenter.sh/capacity-type", "spot"),
            List.of()),
        node(
            "eks-od-1",
            8,
            32,
            0,
            null,
            Map.of("eks.amazonaws.com/capacityType", "ON_DEMAND"),
            List.of()),
        node(
            "eks-spot-1",
            8,
            32,
            0,
            null,
            Map.of("eks.amazonaws.com/capacityType", "SPOT"),
            List.of()),
        node(
            "gke-spot-l4-1",
            48,
            192,
            4,
            L4,
            Map.of("cloud.google.com/gke-spot", "true"),
            List.of(
                new TaintBuilder()
                    .withKey("cloud.google.com/gke-spot")
                    .withValue("true")
                    .withEffect("NoSchedule")
                    .build())),
        node("gke-l4-1", 48, 192, 4, L4, Map.of(), List.of()),
        node("gke-l4-2", 48, 192, 4, L4, Map.of(), List.of()),
        node("gke-l4-3", 48, 192, 4, L4, Map.of(), List.of()),
        node(
            "aks-spot-1",
            8,
            32,
            0,
            null,
            Map.of("kubernetes.azure.com/scalesetpriority", "spot"),
            List.of(
                new TaintBuilder()
                    .withKey("kubernetes.azure.com/scalesetpriority")
                    .withValue("spot")
                    .withEffect("NoSchedule")
                    .build())),
        node(
            "gpu-h100-1",
            96,
            1024,
            8,
            H100,
            Map.of("karpenter.sh/capacity-type", "on-demand"),
            List.of()),
        node(
            "gpu-a100-1",
            96,
            1024,
            8,
            A100,
            Map.of("karpenter.sh/capacity-type", "on-demand"),
            List.of()),
        node("onprem-dgx-1", 128, 2048, 8, A100, Map.of(POOL_LABEL, ONPREM_POOL), List.of()));
  }

  static List<HasMetadata> namespaces() {
    return List.of(
        namespace("ml-training", Map.of("team", "vision")),
        namespace("ml-inference", Map.of("team", "nlp")),
        // The same inference fleet under a capped budget (examples/budget-inference-daily-capped):
        // side by side with ml-inference, it shows how each ends its day.
        namespace("ml-inference-capped", Map.of("team", "nlp")),
        namespace("dev-alice", Map.of("team", "vision", "env", "dev")),
        namespace("dev-bob", Map.of("team", "nlp", "env", "dev")),
        namespace("costguard-system", Map.of()),
        namespace("kube-system", Map.of()),
        namespace("default", Map.of()));
  }

  static List<HasMetadata> workloads() {
    return List.of(
        // Fine-tuning runs on the company's own DGX: the example catalog prices that pool per node.
        deployment(
            "ml-training",
            "llm-finetune",
            2,
            onPool(ONPREM_POOL, template("llm-finetune", "8", "64Gi", 4, A100))),
        new StatefulSetBuilder()
            .withNewMetadata()
            .withNamespace("ml-training")
            .withName("vision-train")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withServiceName("vision-train")
            .withNewSelector()
            .withMatchLabels(Map.of("app", "vision-train"))
            .endSelector()
            .withTemplate(template("vision-train", "16", "128Gi", 8, H100))
            .endSpec()
            .build(),
        deployment(
            "ml-inference", "chat-inference", 2, template("chat-inference", "4", "16Gi", 1, L4)),
        deployment("ml-inference", "vllm-llama", 1, template("vllm-llama", "8", "64Gi", 1, A100)),
        deployment(
            "ml-inference", "embedding-api", 3, template("embedding-api", "2", "4Gi", 0, null)),
        prioritised(
            deployment(
                "ml-inference-capped",
                "chat-inference",
                2,
                template("chat-inference", "4", "16Gi", 1, L4)),
            "10"),
        prioritised(
            deployment(
                "ml-inference-capped",
                "vllm-llama",
                1,
                template("vllm-llama", "8", "64Gi", 1, A100)),
            "5"),
        deployment(
            "ml-inference-capped",
            "embedding-api",
            3,
            template("embedding-api", "2", "4Gi", 0, null)),
        deployment("dev-alice", "notebook", 1, template("notebook", "4", "16Gi", 1, L4)),
        deployment("dev-alice", "api", 2, template("api", "500m", "1Gi", 0, null)),
        new CronJobBuilder()
            .withNewMetadata()
            .withNamespace("dev-alice")
            .withName("nightly-eval")
            .endMetadata()
            .withNewSpec()
            .withSchedule("0 2 * * *")
            .withSuspend(false)
            .withNewJobTemplate()
            .withNewSpec()
            .withTemplate(jobPods(template("nightly-eval", "1", "2Gi", 0, null)))
            .endSpec()
            .endJobTemplate()
            .endSpec()
            .build(),
        deployment("dev-bob", "jupyter", 1, template("jupyter", "2", "8Gi", 1, L4)),
        new StatefulSetBuilder()
            .withNewMetadata()
            .withNamespace("dev-bob")
            .withName("postgres")
            .endMetadata()
            .withNewSpec()
            .withReplicas(1)
            .withServiceName("postgres")
            .withNewSelector()
            .withMatchLabels(Map.of("app", "postgres"))
            .endSelector()
            .withTemplate(template("postgres", "1", "4Gi", 0, null))
            .endSpec()
            .build());
  }

  /** A Job's pods need a restartPolicy other than Always; a real API server refuses the CronJob. */
  private static PodTemplateSpec jobPods(PodTemplateSpec template) {
    template.getSpec().setRestartPolicy("Never");
    return template;
  }

  private static HasMetadata node(
      String name,
      int cpu,
      int memoryGi,
      int gpus,
      String gpuModel,
      Map<String, String> capacityLabels,
      List<Taint> taints) {
    Map<String, String> labels = new LinkedHashMap<>(capacityLabels);
    labels.put("kubernetes.io/hostname", name);
    Map<String, Quantity> capacity = new LinkedHashMap<>();
    capacity.put("cpu", new Quantity(String.valueOf(cpu)));
    capacity.put("memory", new Quantity(memoryGi + "Gi"));
    capacity.put("pods", new Quantity("110"));
    if (gpus > 0) {
      labels.put(GPU_PRODUCT_LABEL, gpuModel);
      capacity.put("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
    }
    return new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withTaints(taints)
        .endSpec()
        .withNewStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .endStatus()
        .build();
  }

  private static HasMetadata namespace(String name, Map<String, String> labels) {
    return new NamespaceBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(labels)
        .endMetadata()
        .build();
  }

  private static HasMetadata deployment(
      String namespace, String name, int replicas, PodTemplateSpec template) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withLabels(Map.of("app", name))
        .endMetadata()
        .withNewSpec()
        .withReplicas(replicas)
        .withNewSelector()
        .withMatchLabels(Map.of("app", name))
        .endSelector()
        .withTemplate(template)
        .endSpec()
        .build();
  }

  private static PodTemplateSpec onPool(String pool, PodTemplateSpec template) {
    Map<String, String> selector = new LinkedHashMap<>(template.getSpec().getNodeSelector());
    selector.put(POOL_LABEL, pool);
    template.getSpec().setNodeSelector(selector);
    return template;
  }

  /** The workload with the cap's priority label. */
  private static HasMetadata prioritised(HasMetadata workload, String priority) {
    Map<String, String> labels = new LinkedHashMap<>(workload.getMetadata().getLabels());
    labels.put("costguard.dev/priority", priority);
    workload.getMetadata().setLabels(labels);
    return workload;
  }

  private static PodTemplateSpec template(
      String app, String cpu, String memory, int gpus, String gpuModel) {
    Map<String, Quantity> requests = new LinkedHashMap<>();
    requests.put("cpu", new Quantity(cpu));
    requests.put("memory", new Quantity(memory));
    Map<String, Quantity> limits = new LinkedHashMap<>();
    if (gpus > 0) {
      limits.put("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
      requests.put("nvidia.com/gpu", new Quantity(String.valueOf(gpus)));
    }
    PodSpecBuilder spec =
        new PodSpecBuilder()
            .addNewContainer()
            .withName(app)
            .withImage("registry.example/" + app + ":1.0")
            .withNewResources()
            .withRequests(requests)
            .withLimits(limits)
            .endResources()
            .endContainer();
    if (gpuModel != null) {
      spec.withNodeSelector(Map.of(GPU_PRODUCT_LABEL, gpuModel));
    }
    return new PodTemplateSpecBuilder()
        .withNewMetadata()
        .withLabels(Map.of("app", app))
        .endMetadata()
        .withSpec(spec.build())
        .build();
  }
}
