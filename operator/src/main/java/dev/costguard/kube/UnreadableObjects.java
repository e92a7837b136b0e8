package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardStatus;
import dev.costguard.api.v1alpha1.TolerantDecoding;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skips and reports Costguard objects whose spec could not be read ({@link TolerantDecoding}): a
 * log line with kind, namespace and name, a Warning event on the object, and the counter {@code
 * costguard_invalid_objects_total{kind}}. Each version of an object is reported once; everything
 * else goes on reconciling.
 */
public final class UnreadableObjects {
  private static final Logger LOG = LoggerFactory.getLogger(UnreadableObjects.class);
  public static final String REASON = "InvalidSpec";
  static final String METRIC = "costguard.invalid.objects";
  private static final int MAX_REMEMBERED = 10_000;

  private final KubernetesClient client;
  private final Clock clock;
  private final EventRecorder events;
  private final MeterRegistry meters;
  private final Set<String> reported =
      Collections.newSetFromMap(
          Collections.synchronizedMap(
              new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                  return size() > MAX_REMEMBERED;
                }
              }));

  public UnreadableObjects(
      KubernetesClient client, Clock clock, EventRecorder events, MeterRegistry meters) {
    this.client = client;
    this.clock = clock;
    this.events = events;
    this.meters = meters;
    for (String kind :
        new String[] {"PriceCatalog", "WorkloadBudget", "ScalingPolicy", "ShutdownSchedule"}) {
      counter(kind);
    }
  }

  /**
   * True when the object was read in full and may be acted on. An unreadable one is reported (once
   * per version) and false is returned; the caller then leaves it alone.
   */
  public boolean readable(HasMetadata resource) {
    Optional<String> problem = TolerantDecoding.problem(resource);
    problem.ifPresent(p -> report(resource, p));
    return problem.isEmpty();
  }

  private void report(HasMetadata resource, String problem) {
    var meta = resource.getMetadata();
    // Per generation: writing the Ready condition below makes a new resourceVersion, not a new
    // spec.
    String key =
        resource.getKind() + "|" + meta.getUid() + "|" + meta.getGeneration() + "|" + problem;
    if (!reported.add(key)) {
      return;
    }
    String where =
        meta.getNamespace() == null ? meta.getName() : meta.getNamespace() + "/" + meta.getName();
    LOG.warn(
        "{} {} skipped: its spec cannot be read ({}); fix the object, everything else goes on",
        resource.getKind(),
        where,
        problem);
    counter(resource.getKind()).increment();
    String message = "spec cannot be read and the object is ignored until it is fixed: " + problem;
    events.warning(resource, REASON, message);
    markNotReady(resource, message);
  }

  /**
   * Ready=False with the reason and, through the shared rules of {@link KstatusConditions},
   * Stalled=True for the generation just observed, so kstatus (Flux) calls the object Failed
   * instead of waiting on it. Written as a merge patch of the status alone (conditions and {@code
   * observedGeneration}): the object's spec cannot be written back, since it was not read. Skipped
   * when the condition already says so.
   */
  private void markNotReady(HasMetadata resource, String message) {
    List<Condition> conditions = new ArrayList<>();
    if (resource instanceof CustomResource<?, ?> custom
        && custom.getStatus() instanceof CostguardStatus status) {
      if (Conditions.find(status.conditions, Conditions.READY)
          .filter(
              c ->
                  Conditions.FALSE.equals(c.getStatus())
                      && REASON.equals(c.getReason())
                      && message.equals(c.getMessage())
                      && Objects.equals(
                          c.getObservedGeneration(), resource.getMetadata().getGeneration()))
          .isPresent()) {
        return;
      }
      conditions.addAll(status.conditions);
    }
    var meta = resource.getMetadata();
    Conditions.set(
        conditions,
        Conditions.READY,
        false,
        REASON,
        message,
        meta.getGeneration(),
        clock.instant());
    KstatusConditions.derive(conditions, meta.getGeneration());
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("conditions", conditions);
    status.put("observedGeneration", meta.getGeneration());
    Map<String, Object> patch = Map.of("status", status);
    try {
      @SuppressWarnings("unchecked")
      var resources = client.resources((Class<HasMetadata>) resource.getClass());
      var named =
          meta.getNamespace() == null
              ? resources.withName(meta.getName())
              : resources.inNamespace(meta.getNamespace()).withName(meta.getName());
      named
          .subresource("status")
          .patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not set Ready=False on {} {}: {}",
          resource.getKind(),
          meta.getName(),
          e.getMessage());
    }
  }

  private Counter counter(String kind) {
    return Counter.builder(METRIC)
        .description("Versions of Costguard objects skipped because their spec could not be read")
        .tag("kind", kind)
        .register(meters);
  }
}
