package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.Set;
import java.util.function.Function;

/**
 * A reconciler's thin event source over the shared {@link ClusterView}: each change the view sees
 * is mapped to the primaries it concerns (a workload to the policies targeting it, a namespace to
 * the schedules selecting it), which are then reconciled. The view's informers are shared; this
 * source holds no cache of its own.
 */
public final class ViewEventSource<P extends HasMetadata>
    extends AbstractEventSource<HasMetadata, P> {
  private final Function<ClusterView.Change, Set<ResourceID>> toPrimaries;

  /**
   * @param toPrimaries the primaries a change concerns; empty for none
   */
  public ViewEventSource(
      String name, ClusterView view, Function<ClusterView.Change, Set<ResourceID>> toPrimaries) {
    super(HasMetadata.class, name);
    this.toPrimaries = toPrimaries;
    view.onChange(this::changed);
  }

  private void changed(ClusterView.Change change) {
    if (!isRunning()) {
      return;
    }
    toPrimaries.apply(change).forEach(id -> getEventHandler().handleEvent(new Event(id)));
  }

  @Override
  public Set<HasMetadata> getSecondaryResources(P primary) {
    return Set.of();
  }
}
