package dev.costguard.notify;

import dev.costguard.api.v1alpha1.SecretKeyRef;
import dev.costguard.kube.SecretNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Base64;
import java.util.Map;

/**
 * Reads the Secrets a notification target names, from the operator's namespace (a WorkloadBudget is
 * cluster-scoped; only those who may write Secrets there can hand the operator a webhook
 * credential). Names are checked before they become part of an API path. Values are never put in a
 * message.
 */
public interface NotificationSecrets {
  /** The bytes under the key. */
  byte[] read(SecretKeyRef ref) throws Unusable;

  /** A reference that cannot be used; the message names Secret and key, never the value. */
  final class Unusable extends Exception {
    public Unusable(String message) {
      super(message);
    }
  }

  static NotificationSecrets in(KubernetesClient client, String namespace) {
    return ref -> {
      if (ref == null || !SecretNames.isValidName(ref.name) || !SecretNames.isValidKey(ref.key)) {
        throw new Unusable("the Secret reference is not a Secret name and key");
      }
      Secret secret = client.secrets().inNamespace(namespace).withName(ref.name).get();
      Map<String, String> data =
          secret == null || secret.getData() == null ? Map.of() : secret.getData();
      String encoded = data.get(ref.key);
      if (encoded == null) {
        throw new Unusable(
            "Secret " + namespace + "/" + ref.name + " does not exist or has no key " + ref.key);
      }
      try {
        return Base64.getDecoder().decode(encoded);
      } catch (IllegalArgumentException e) {
        throw new Unusable(
            "key " + ref.key + " of Secret " + namespace + "/" + ref.name + " is not base64");
      }
    };
  }
}
