package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;

/** The sandbox's scheduling rule, for tests that check where pods of a template would land. */
public final class SandboxScheduler {
  private SandboxScheduler() {}

  /** The node the simulated fleet would put a pod of {@code spec} on, or {@code null}. */
  public static String nodeFor(PodSpec spec, List<Node> nodes) {
    return FleetSimulator.schedule(spec, nodes).map(n -> n.getMetadata().getName()).orElse(null);
  }
}
