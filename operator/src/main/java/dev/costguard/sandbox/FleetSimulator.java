package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.ContainerMetricsBuilder;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetrics;
import io.fabric8.kubernetes.api.model.metrics.v1beta1.PodMetricsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plays the controllers, scheduler and metrics-server the mock API server does not have: keeps one
 * pod per replica of every Deployment and StatefulSet on a node that fits its placement, replaces
 * pods whose template changed, and publishes pod metrics whose utilisation follows a daily curve.
 */
public final class FleetSimulator {
  private static final Logger LOG = LoggerFactory.getLogger(FleetSimulator.class);
  static final String TEMPLATE_HASH_ANNOTATION = "sandbox.costguard.dev/template-hash";
  static final String OWNER_LABEL = "sandbox.costguard.dev/owner";
  static final String GPU_RESOURCE = "nvidia.com/gpu";

  private final KubernetesClient client;
  private final Clock clock;

  public FleetSimulator(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  /** One step: pods follow replicas and templates, metrics follow the clock. */
  public void step() {
    List<Node> nodes = client.nodes().list().getItems();
    List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
    Map<String, Resources> used = new HashMap<>();
    pods.stream()
        .filter(p -> p.getSpec() != null && p.getSpec().getNodeName() != null)
        .forEach(
            p -> used.merge(p.getSpec().getNodeName(), Resources.of(p.getSpec()), Resources::plus));
    for (Deployment deployment : client.apps().deployments().inAnyNamespace().list().getItems()) {
      converge(
          deployment,
          replicasOf(deployment.getSpec().getReplicas()),
          deployment.getSpec().getTemplate(),
          nodes,
          pods,
          used);
    }
    for (StatefulSet set : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
      converge(
          set,
          replicasOf(set.getSpec().getReplicas()),
          set.getSpec().getTemplate(),
          nodes,
          pods,
          used);
    }
    publishMetrics();
  }

  /** CPU cores, memory bytes and GPUs, as requested by a pod or free on a node. */
  record Resources(double cpu, double memory, double gpus) {
    static final Resources NONE = new Resources(0, 0, 0);

    static Resources of(PodSpec spec) {
      Resources total = NONE;
      for (var container : Optional.ofNullable(spec.getContainers()).orElse(List.of())) {
        Map<String, Quantity> requests =
            container.getResources() == null || container.getResources().getRequests() == null
                ? Map.of()
                : container.getResources().getRequests();
        total = total.plus(of(requests));
      }
      return total;
    }

    static Resources of(Map<String, Quantity> quantities) {
      return new Resources(
          amount(quantities.get("cpu")),
          amount(quantities.get("memory")),
          amount(quantities.get(GPU_RESOURCE)));
    }

    private static double amount(Quantity quantity) {
      return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).doubleValue();
    }

    Resources plus(Resources other) {
      return new Resources(cpu + other.cpu, memory + other.memory, gpus + other.gpus);
    }

    Resources minus(Resources other) {
      return new Resources(cpu - other.cpu, memory - other.memory, gpus - other.gpus);
    }

    boolean fitsIn(Resources free) {
      return cpu <= free.cpu + 1e-9 && memory <= free.memory + 1e-9 && gpus <= free.gpus + 1e-9;
    }
  }

  private static int replicasOf(Integer replicas) {
    return replicas == null ? 1 : replicas;
  }

  private void converge(
      HasMetadata owner,
      int replicas,
      PodTemplateSpec template,
      List<Node> nodes,
      List<Pod> allPods,
      Map<String, Resources> used) {
    String namespace = owner.getMetadata().getNamespace();
    String ownerKey = owner.getKind() + "." + owner.getMetadata().getName();
    String templateHash = Integer.toHexString(Serialization.asJson(template).hashCode());
    List<Pod> owned =
        allPods.stream()
            .filter(p -> namespace.equals(p.getMetadata().getNamespace()))
            .filter(p -> ownerKey.equals(labels(p).get(OWNER_LABEL)))
            .toList();
    for (Pod pod : owned) {
      int ordinal = ordinalOf(pod);
      boolean stale =
          !templateHash.equals(pod.getMetadata().getAnnotations().get(TEMPLATE_HASH_ANNOTATION));
      if (ordinal >= replicas || stale) {
        if (pod.getSpec() != null && pod.getSpec().getNodeName() != null) {
          used.computeIfPresent(
              pod.getSpec().getNodeName(), (n, r) -> r.minus(Resources.of(pod.getSpec())));
        }
        client.pods().inNamespace(namespace).withName(pod.getMetadata().getName()).delete();
        client
            .resources(PodMetrics.class)
            .inNamespace(namespace)
            .withName(pod.getMetadata().getName())
            .delete();
      }
    }
    for (int ordinal = 0; ordinal < replicas; ordinal++) {
      String name = owner.getMetadata().getName() + "-" + ordinal;
      Optional<Pod> current =
          owned.stream()
              .filter(
                  p ->
                      p.getMetadata().getName().equals(name)
                          && templateHash.equals(
                              p.getMetadata().getAnnotations().get(TEMPLATE_HASH_ANNOTATION)))
              .findFirst();
      boolean pending = current.isPresent() && current.get().getSpec().getNodeName() == null;
      if (current.isEmpty() || pending) {
        Optional<Node> node = schedule(template.getSpec(), nodes, used);
        if (pending && node.isEmpty()) {
          continue; // still no room: it stays Pending, and nothing is written
        }
        node.ifPresent(
            n ->
                used.merge(
                    n.getMetadata().getName(), Resources.of(template.getSpec()), Resources::plus));
        Map<String, String> podLabels = new LinkedHashMap<>(labelsOf(template));
        podLabels.put(OWNER_LABEL, ownerKey);
        Pod pod =
            new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(podLabels)
                .withAnnotations(Map.of(TEMPLATE_HASH_ANNOTATION, templateHash))
                .endMetadata()
                .withSpec(template.getSpec())
                .editSpec()
                .withNodeName(node.map(n -> n.getMetadata().getName()).orElse(null))
                .endSpec()
                .withStatus(status(node.isPresent(), clock.instant()))
                .build();
        client.resource(pod).createOr(NonDeletingOperation::update);
      }
    }
  }

  /**
   * A scheduled pod runs and is ready at once (started now), as a kubelet would report it, so
   * autoscaling counts it as the HorizontalPodAutoscaler would; an unscheduled one is Pending.
   */
  private static io.fabric8.kubernetes.api.model.PodStatus status(boolean scheduled, Instant now) {
    if (!scheduled) {
      return new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Pending").build();
    }
    return new io.fabric8.kubernetes.api.model.PodStatusBuilder()
        .withPhase("Running")
        .withStartTime(now.toString())
        .addNewCondition()
        .withType("Ready")
        .withStatus("True")
        .withLastTransitionTime(now.toString())
        .endCondition()
        .build();
  }

  /**
   * Where a pod of {@code spec} would go on an empty fleet: required selectors and taints filter;
   * preferred affinity, then the first node by name, wins.
   */
  static Optional<Node> schedule(PodSpec spec, List<Node> nodes) {
    return schedule(spec, nodes, Map.of());
  }

  /**
   * As the scheduler's filters and scores do it: required selectors, taints and room for the pod's
   * CPU, memory and GPU requests (allocatable minus what the pods already bound there request)
   * filter; preferred affinity, then the first node by name, wins. None fits: the pod stays
   * Pending.
   */
  static Optional<Node> schedule(PodSpec spec, List<Node> nodes, Map<String, Resources> used) {
    Resources wanted = Resources.of(spec);
    return nodes.stream()
        .filter(
            n ->
                wanted.fitsIn(
                    allocatable(n)
                        .minus(used.getOrDefault(n.getMetadata().getName(), Resources.NONE))))
        .filter(
            n ->
                labels(n)
                    .entrySet()
                    .containsAll(
                        Optional.ofNullable(spec.getNodeSelector()).orElse(Map.of()).entrySet()))
        .filter(n -> requiredAffinityMatches(spec, n))
        .filter(n -> tolerates(spec, n))
        .max(
            Comparator.comparingInt((Node n) -> preferredWeight(spec, n))
                .thenComparing(n -> n.getMetadata().getName(), Comparator.reverseOrder()));
  }

  private static Resources allocatable(Node node) {
    return node.getStatus() == null || node.getStatus().getAllocatable() == null
        ? new Resources(Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE)
        : Resources.of(node.getStatus().getAllocatable());
  }

  private static boolean requiredAffinityMatches(PodSpec spec, Node node) {
    if (spec.getAffinity() == null
        || spec.getAffinity().getNodeAffinity() == null
        || spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
            == null) {
      return true;
    }
    return spec
        .getAffinity()
        .getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms()
        .stream()
        .anyMatch(term -> termMatches(term, node));
  }

  private static int preferredWeight(PodSpec spec, Node node) {
    if (spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null) {
      return 0;
    }
    List<PreferredSchedulingTerm> preferred =
        spec.getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution();
    return preferred == null
        ? 0
        : preferred.stream()
            .filter(p -> termMatches(p.getPreference(), node))
            .mapToInt(PreferredSchedulingTerm::getWeight)
            .sum();
  }

  private static boolean termMatches(NodeSelectorTerm term, Node node) {
    Map<String, String> labels = labels(node);
    for (NodeSelectorRequirement requirement :
        Optional.ofNullable(term.getMatchExpressions()).orElse(List.of())) {
      String value = labels.get(requirement.getKey());
      boolean matches =
          switch (requirement.getOperator()) {
            case "In" -> value != null && requirement.getValues().contains(value);
            case "NotIn" -> value == null || !requirement.getValues().contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> false;
          };
      if (!matches) {
        return false;
      }
    }
    return true;
  }

  private static boolean tolerates(PodSpec spec, Node node) {
    List<Taint> taints = node.getSpec() == null ? null : node.getSpec().getTaints();
    if (taints == null) {
      return true;
    }
    List<Toleration> tolerations = Optional.ofNullable(spec.getTolerations()).orElse(List.of());
    return taints.stream()
        .filter(t -> "NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
        .allMatch(t -> tolerations.stream().anyMatch(tol -> tolerates(tol, t)));
  }

  private static boolean tolerates(Toleration toleration, Taint taint) {
    boolean keyMatches = toleration.getKey() == null || toleration.getKey().equals(taint.getKey());
    boolean valueMatches =
        "Exists".equals(toleration.getOperator())
            || Objects.equals(toleration.getValue(), taint.getValue());
    boolean effectMatches =
        toleration.getEffect() == null || toleration.getEffect().equals(taint.getEffect());
    return keyMatches && valueMatches && effectMatches;
  }

  /** Usage = requests x a utilisation that follows the time of day, different per workload. */
  private void publishMetrics() {
    Instant now = clock.instant();
    for (Pod pod : client.pods().inAnyNamespace().list().getItems()) {
      if (!"Running".equals(pod.getStatus() == null ? null : pod.getStatus().getPhase())) {
        continue;
      }
      double utilisation =
          UtilisationCurve.at(labels(pod).getOrDefault("app", pod.getMetadata().getName()), now);
      PodMetricsBuilder metrics =
          new PodMetricsBuilder()
              .withNewMetadata()
              .withNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .withLabels(labels(pod))
              .endMetadata()
              .withTimestamp(now.toString())
              .withWindow(
                  new io.fabric8.kubernetes.api.model.Duration(java.time.Duration.ofSeconds(30)));
      pod.getSpec()
          .getContainers()
          .forEach(
              container -> {
                Map<String, Quantity> requests =
                    container.getResources() == null
                            || container.getResources().getRequests() == null
                        ? Map.of()
                        : container.getResources().getRequests();
                Map<String, Quantity> usage = new HashMap<>();
                usage.put("cpu", scaled(requests.get("cpu"), utilisation, "m", 1000));
                usage.put(
                    "memory",
                    scaled(
                        requests.get("memory"),
                        Math.min(1.0, 0.3 + utilisation / 2),
                        "Mi",
                        1.0 / (1024 * 1024)));
                metrics.addToContainers(
                    new ContainerMetricsBuilder()
                        .withName(container.getName())
                        .withUsage(usage)
                        .build());
              });
      PodMetrics podMetrics = metrics.build();
      try {
        client.resource(podMetrics).createOr(NonDeletingOperation::update);
      } catch (KubernetesClientException e) {
        LOG.debug(
            "pod metrics of {} not published: {}", pod.getMetadata().getName(), e.getMessage());
      }
    }
  }

  private static Quantity scaled(
      Quantity request, double fraction, String unit, double perBaseUnit) {
    if (request == null) {
      return new Quantity("0");
    }
    double base = Quantity.getAmountInBytes(request).doubleValue();
    return new Quantity(Math.round(base * fraction * perBaseUnit) + unit);
  }

  private static int ordinalOf(Pod pod) {
    String name = pod.getMetadata().getName();
    try {
      return Integer.parseInt(name.substring(name.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      return Integer.MAX_VALUE;
    }
  }

  private static Map<String, String> labelsOf(PodTemplateSpec template) {
    return template.getMetadata() == null || template.getMetadata().getLabels() == null
        ? Map.of()
        : template.getMetadata().getLabels();
  }

  private static Map<String, String> labels(HasMetadata object) {
    return object.getMetadata().getLabels() == null ? Map.of() : object.getMetadata().getLabels();
  }
}
