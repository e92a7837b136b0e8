package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one definition of where Costguard never changes anything: {@code kube-system}, the operator's
 * own namespace and the configured {@code --protected-namespaces}. {@link WorkloadPatcher} checks
 * it before every write of a user object, whatever the capability and the kind; reconcilers ask it
 * first only to report the refusal in their status.
 *
 * <p>Releasing a hold is not refused: it only takes back what Costguard itself set (restricted to
 * {@link HeldFields}), so a namespace that became protected after a hold was taken gets its
 * originals back instead of keeping Costguard's change forever.
 */
public final class ProtectedNamespaces {
  /** The condition reason and event reason when a write is refused. */
  public static final String REASON = "ProtectedNamespace";

  public static final String SYSTEM_NAMESPACE = "kube-system";

  private final Set<String> names;

  /** {@code configured} plus kube-system, always. */
  public ProtectedNamespaces(Set<String> configured) {
    TreeSet<String> all = new TreeSet<>(configured);
    all.add(SYSTEM_NAMESPACE);
    this.names = Set.copyOf(all);
  }

  public boolean contains(String namespace) {
    return names.contains(namespace);
  }

  public Set<String> names() {
    return new TreeSet<>(names);
  }

  /**
   * Throws {@link ProtectedNamespaceException} when {@code target} lives in a protected namespace.
   */
  public void check(HasMetadata target) {
    String namespace = target.getMetadata().getNamespace();
    if (namespace != null && contains(namespace)) {
      throw new ProtectedNamespaceException(target);
    }
  }

  /** The message a status or event gives for a refused namespace. */
  public static String message(String namespace) {
    return "namespace "
        + namespace
        + " is protected (kube-system, the operator's namespace or"
        + " --protected-namespaces): Costguard changes nothing there";
  }
}
