package dev.costguard.kube;

import dev.costguard.api.v1alpha1.CostguardApi;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes events (core/v1) about Costguard resources and the workloads they act on. The same
 * reason and message for the same object is emitted at most once per {@code repeatAfter}, so a
 * level-triggered reconcile every minute does not flood {@code kubectl get events}.
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

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration repeatAfter;
  private final Map<String, Instant> lastEmitted = new ConcurrentHashMap<>();

  public EventRecorder(KubernetesClient client, Clock clock, Duration repeatAfter) {
    this.client = client;
    this.clock = clock;
    this.repeatAfter = repeatAfter;
  }

  public void normal(HasMetadata about, String reason, String message) {
    emit(about, Type.Normal, reason, message);
  }

  public void warning(HasMetadata about, String reason, String message) {
    emit(about, Type.Warning, reason, message);
  }

  /** Emits the event unless the same one was emitted recently. Failures are logged, not thrown. */
  public void emit(HasMetadata about, Type type, String reason, String message) {
    Instant now = clock.instant();
    String key = about.getMetadata().getUid() + "|" + about.getKind() + "|" + about.getMetadata().getName() + "|" + reason + "|" + message;
    Instant previous = lastEmitted.get(key);
    if (previous != null && previous.plus(repeatAfter).isAfter(now)) {
      return;
    }
    if (lastEmitted.size() > MAX_REMEMBERED) {
      lastEmitted.clear();
    }
    lastEmitted.put(key, now);
    String namespace =
        about.getMetadata().getNamespace() != null
            ? about.getMetadata().getNamespace()
            : CLUSTER_SCOPED_EVENT_NAMESPACE;
    String timestamp = Timestamps.format(now);
    try {
      client
          .v1()
          .events()
          .inNamespace(namespace)
          .resource(
              new EventBuilder()
                  .withNewMetadata()
                  .withName(about.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 8))
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
                  .withMessage(message)
                  .withFirstTimestamp(timestamp)
                  .withLastTimestamp(timestamp)
                  .withCount(1)
                  .withReportingComponent(CostguardApi.FIELD_MANAGER)
                  .withNewSource(CostguardApi.FIELD_MANAGER, null)
                  .build())
          .create();
    } catch (KubernetesClientException e) {
      LOG.warn("could not record event {} on {}/{}: {}", reason, about.getKind(), about.getMetadata().getName(), e.getMessage());
    }
  }
}
