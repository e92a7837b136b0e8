package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes events (core/v1) about Costguard resources and the workloads they act on, aggregated
 * as client-go's recorder does: the same type, reason and message on the same object is one Event
 * whose {@code count} and {@code lastTimestamp} are patched when it happens again, not a new Event
 * each time. It is sent again at most once per {@code repeatAfter}, so a level-triggered reconcile
 * every minute does not flood the API server. When the Event has expired (the API server keeps them
 * an hour by default) or the operator restarted, a new one is created.
 *
 * <p>Every event sent is also one log line (Normal at INFO, Warning at WARN) naming the object:
 * each action taken or undone and each refused input shows in the logs as it does in {@code kubectl
 * get events}, with the same spam limit.
 */
public class EventRecorder {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

  /** Namespace for events about cluster-scoped objects, where kubectl describe looks. */
  private static final String CLUSTER_SCOPED_EVENT_NAMESPACE = "default";

  private static final int MAX_REMEMBERED = 10_000;

  public enum Type {
    Normal,
    Warning
  }

  /** The Event an occurrence went into, and how often it was counted. */
  private record Recorded(String namespace, String name, int count, Instant lastSent) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration repeatAfter;
  private final String reportingInstance;
  private final Map<String, Recorded> recorded = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock, Duration repeatAfter) {
    this(client, clock, repeatAfter, defaultInstance());
  }

  /**
   * {@code reportingInstance} names this replica (the pod name; Kubernetes sets HOSTNAME to it).
   */
  public EventRecorder(
      KubernetesClient client, Clock clock, Duration repeatAfter, String reportingInstance) {
    this.client = client;
    this.clock = clock;
    this.repeatAfter = repeatAfter;
    this.reportingInstance = reportingInstance;
  }

  private static String defaultInstance() {
    String host = System.getenv("HOSTNAME");
    return host == null || host.isBlank() ? CostguardApi.FIELD_MANAGER : host;
  }

  public void normal(HasMetadata about, String reason, String message) {
    emit(about, Type.Normal, reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    emit(about, Type.Warning, reason, message);
  }

  /**
   * Records the event: a new Event the first time, a patch of its count later, nothing when the
   * same one was sent less than {@code repeatAfter} ago. Failures are logged, not thrown.
   */
  public void emit(HasMetadata about, Type type, String reason, String message) {
    Instant now = clock.instant();
    String key =
        about.getMetadata().getUid()
            + "|"
            + about.getKind()
            + "|"
            + about.getMetadata().getName()
            + "|"
            + type
            + "|"
            + reason
            + "|"
            + message;
    Recorded previous = recorded.get(key);
    if (previous != null && previous.lastSent().plus(repeatAfter).isAfter(now)) {
      return;
    }
    if (recorded.size() > MAX_REMEMBERED) {
      recorded.clear();
    }
    String timestamp = Timestamps.format(now);
    log(about, type, reason, message);
    try {
      if (previous != null && countAgain(previous, timestamp)) {
        recorded.put(
            key, new Recorded(previous.namespace(), previous.name(), previous.count() + 1, now));
        return;
      }
      Recorded created = create(about, type, reason, message, timestamp);
      recorded.put(key, new Recorded(created.namespace(), created.name(), 1, now));
    } catch (KubernetesClientException e) {
      LOG.warn(
          "could not record event {} on {}/{}: {}",
          reason,
          about.getKind(),
          about.getMetadata().getName(),
          e.getMessage());
    }
  }

  private static void log(HasMetadata about, Type type, String reason, String message) {
    String object =
        about.getKind()
            + " "
            + (about.getMetadata().getNamespace() == null
                ? ""
                : about.getMetadata().getNamespace() + "/")
            + about.getMetadata().getName();
    if (type == Type.Warning) {
      LOG.warn("{} {}: {}", reason, object, message);
    } else {
      LOG.info("{} {}: {}", reason, object, message);
    }
  }

  /** Patches count and lastTimestamp of the Event; false when it is gone (expired). */
  private boolean countAgain(Recorded previous, String timestamp) {
    try {
      // patched through the item itself: by name, fabric8 would GET the Event first
      client
          .v1()
          .events()
          .inNamespace(previous.namespace())
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(previous.name())
                  .withNamespace(previous.namespace())
                  .endMetadata()
                  .build())
          .patch(
              PatchContext.of(PatchType.JSON_MERGE),
              "{\"count\":" + (previous.count() + 1) + ",\"lastTimestamp\":\"" + timestamp + "\"}");
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return false;
      }
      throw e;
    }
  }

  private Recorded create(
      HasMetadata about, Type type, String reason, String message, String timestamp) {
    String namespace =
        about.getMetadata().getNamespace() != null
            ? about.getMetadata().getNamespace()
            : CLUSTER_SCOPED_EVENT_NAMESPACE;
    String name =
        about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8);
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .endMetadata()
                .withInvolvedObject(
                    new ObjectReferenceBuilder()
                        .withApiVersion(about.getApiVersion())
                        .withKind(about.getKind())
                        .withName(about.getMetadata().getName())
                        .withNamespace(about.getMetadata().getNamespace())
                        .withUid(about.getMetadata().getUid())
                        .build())
                .withType(type.name())
                .withReason(reason)
                // what Costguard did or could not do; the reason says it in one word already
                .withAction(reason)
                .withMessage(message)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .withReportingComponent(CostguardApi.FIELD_MANAGER)
                .withReportingInstance(reportingInstance)
                .withNewSource(CostguardApi.FIELD_MANAGER, null)
                .build())
        .create();
    return new Recorded(namespace, name, 1, null);
  }
}
