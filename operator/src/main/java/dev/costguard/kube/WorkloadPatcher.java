package dev.costguard.kube;

import com.fasterxml.jackson.databind.JsonNode;
import dev.costguard.api.v1alpha1.CostguardApi;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Changes user workloads the one way Costguard does: a JSON merge patch with a {@code
 * resourceVersion} precondition and field manager {@code costguard}, carrying the original state
 * annotation in the same request as the change. Never adds owner references, and never writes in a
 * protected namespace ({@link ProtectedNamespaces}): that check lives here, on the one write path,
 * so no capability can forget it.
 */
public class WorkloadPatcher {
  private static final PatchContext MERGE_PATCH =
      new PatchContext.Builder()
          .withPatchType(PatchType.JSON_MERGE)
          .withFieldManager(CostguardApi.FIELD_MANAGER)
          .build();

  /**
   * The Warning event on a workload whose annotation asked to restore a field Costguard never
   * holds.
   */
  public static final String IGNORED_ORIGINAL_FIELD = "IgnoredOriginalField";

  private final KubernetesClient client;
  private final ProtectedNamespaces protection;
  private final EventRecorder events;
  private final Consumer<HasMetadata> written;

  public WorkloadPatcher(
      KubernetesClient client, ProtectedNamespaces protection, EventRecorder events) {
    this(client, protection, events, object -> {});
  }

  /**
   * @param protection where no write is ever sent
   * @param events where a restore reports the annotation entries it ignored
   * @param written told of every object as the API server returned it after a write, so the {@link
   *     ClusterView} reads it before its watch delivers it
   */
  public WorkloadPatcher(
      KubernetesClient client,
      ProtectedNamespaces protection,
      EventRecorder events,
      Consumer<HasMetadata> written) {
    this.client = client;
    this.protection = protection;
    this.events = events;
    this.written = written;
  }

  /** Where this patcher refuses to write; reconcilers ask it to report before they plan. */
  public ProtectedNamespaces protection() {
    return protection;
  }

  /**
   * Sets {@code changes} (JSON pointer to value) on the workload for {@code holder}, recording the
   * originals. Returns the workload unchanged, without a request, when it already is so.
   *
   * @throws InvalidOriginalStateException when the workload's annotation is not Costguard's
   * @throws ProtectedNamespaceException when the workload is in a protected namespace
   */
  public <T extends HasMetadata> T hold(T workload, String holder, Map<String, JsonNode> changes) {
    protection.check(workload);
    changes.keySet().stream()
        .filter(pointer -> !HeldFields.allows(workload.getKind(), pointer))
        .findFirst()
        .ifPresent(
            pointer -> {
              throw new IllegalArgumentException(
                  pointer + " is not on the HeldFields list for " + workload.getKind());
            });
    JsonNode current = toJson(workload);
    OriginalState state = originalStateOf(workload);
    OriginalState updated = state.hold(holder, changes, current);
    String annotation = updated.toAnnotationValue();
    if (isApplied(current, changes) && Objects.equals(annotation, annotationOf(workload))) {
      return workload;
    }
    WorkloadPatch patch = new WorkloadPatch(workload.getMetadata().getResourceVersion());
    changes.forEach((pointer, value) -> patch.replace(pointer, current.at(pointer), value));
    patch.annotation(CostguardApi.ORIGINAL_ANNOTATION, annotation);
    return send(workload, patch);
  }

  /**
   * Sets {@code changes} without recording originals, for fields that are the policy's to set (a
   * workload's replicas). Returns the workload unchanged, without a request, when it already is so.
   */
  public <T extends HasMetadata> T set(T workload, Map<String, JsonNode> changes) {
    protection.check(workload);
    JsonNode current = toJson(workload);
    if (isApplied(current, changes)) {
      return workload;
    }
    WorkloadPatch patch = new WorkloadPatch(workload.getMetadata().getResourceVersion());
    changes.forEach((pointer, value) -> patch.replace(pointer, current.at(pointer), value));
    return send(workload, patch);
  }

  /**
   * Restores what {@code holder} changed on the workload. Fields a person changed meanwhile keep
   * the person's value and are returned. Only {@link HeldFields} with a value of the right type are
   * written; anything else in the annotation is dropped with it, returned, and reported with a
   * Warning event on the workload.
   */
  public <T extends HasMetadata> Released<T> release(T workload, String holder) {
    OriginalState state = originalStateOf(workload);
    if (!state.isHeldBy(holder)) {
      return new Released<>(workload, List.of(), List.of());
    }
    JsonNode current = toJson(workload);
    OriginalState.Release release = state.release(holder, current);
    WorkloadPatch patch = new WorkloadPatch(workload.getMetadata().getResourceVersion());
    List<String> ignored = new ArrayList<>();
    release
        .restore()
        .forEach(
            (pointer, value) ->
                HeldFields.problem(workload.getKind(), pointer, value)
                    .ifPresentOrElse(
                        ignored::add, () -> patch.replace(pointer, current.at(pointer), value)));
    patch.annotation(CostguardApi.ORIGINAL_ANNOTATION, release.remaining().toAnnotationValue());
    T released = send(workload, patch);
    if (!ignored.isEmpty()) {
      events.warning(
          workload,
          IGNORED_ORIGINAL_FIELD,
          holder
              + " restored only the fields Costguard holds; ignored from "
              + CostguardApi.ORIGINAL_ANNOTATION
              + ": "
              + String.join("; ", ignored));
    }
    return new Released<>(released, release.keptUserChanges(), ignored);
  }

  /**
   * The workload after a release, the pointers a person changed while it was held, and why entries
   * of the annotation were not restored.
   */
  public record Released<T>(T workload, List<String> keptUserChanges, List<String> ignored) {}

  public static OriginalState originalStateOf(HasMetadata workload) {
    return OriginalState.of(workload);
  }

  private static String annotationOf(HasMetadata workload) {
    Map<String, String> annotations = workload.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(CostguardApi.ORIGINAL_ANNOTATION);
  }

  private <T extends HasMetadata> T send(T workload, WorkloadPatch patch) {
    T result = client.resource(workload).patch(MERGE_PATCH, patch.toJson());
    if (result != null) {
      written.accept(result);
    }
    return result;
  }

  /** Absent and null are the same to the API server. */
  private static boolean isApplied(JsonNode current, Map<String, JsonNode> changes) {
    return changes.entrySet().stream()
        .allMatch(
            c -> {
              JsonNode now = current.at(c.getKey());
              JsonNode wanted = c.getValue();
              boolean nowAbsent = now.isMissingNode() || now.isNull();
              boolean wantedAbsent = wanted == null || wanted.isMissingNode() || wanted.isNull();
              return nowAbsent ? wantedAbsent : now.equals(wanted);
            });
  }

  private static JsonNode toJson(HasMetadata workload) {
    return Serialization.jsonMapper().valueToTree(workload);
  }
}
