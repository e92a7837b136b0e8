package dev.costguard.budget;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;

/** A workload by kind, namespace and name. */
public record WorkloadRef(String kind, String namespace, String name) {
  static final Comparator<WorkloadRef> ORDER =
      Comparator.comparing(WorkloadRef::namespace)
          .thenComparing(WorkloadRef::kind)
          .thenComparing(WorkloadRef::name);

  public static WorkloadRef of(HasMetadata workload) {
    return new WorkloadRef(
        workload.getKind(),
        workload.getMetadata().getNamespace(),
        workload.getMetadata().getName());
  }

  @Override
  public String toString() {
    return kind + " " + namespace + "/" + name;
  }
}
