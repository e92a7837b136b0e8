package dev.costguard.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;

/**
 * A write refused before it was sent because its target is in a protected namespace. It is a {@link
 * KubernetesClientException} with code 403 so that every caller handles it as it handles the API
 * server refusing a write: that workload is reported and skipped, the others go on.
 */
public final class ProtectedNamespaceException extends KubernetesClientException {
  public ProtectedNamespaceException(HasMetadata target) {
    super(
        new StatusBuilder()
            .withCode(HttpURLConnection.HTTP_FORBIDDEN)
            .withReason(ProtectedNamespaces.REASON)
            .withMessage(
                target.getKind()
                    + " "
                    + target.getMetadata().getNamespace()
                    + "/"
                    + target.getMetadata().getName()
                    + ": "
                    + ProtectedNamespaces.message(target.getMetadata().getNamespace()))
            .build());
  }
}
