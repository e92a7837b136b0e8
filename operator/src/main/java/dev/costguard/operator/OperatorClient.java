package dev.costguard.operator;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * The operator's own Kubernetes client. Its User-Agent names Costguard, so API server audit logs
 * (and the tests' request log) tell its requests apart from everyone else's.
 */
public final class OperatorClient {
  public static final String USER_AGENT = "costguard-operator";

  private OperatorClient() {}

  /** From the usual kubeconfig or in-cluster configuration. */
  public static KubernetesClient fromEnvironment() {
    return withConfig(Config.autoConfigure(null));
  }

  /** The same cluster and credentials as {@code config}, as the operator. */
  public static KubernetesClient withConfig(Config config) {
    return new KubernetesClientBuilder()
        .withConfig(new ConfigBuilder(config).withUserAgent(USER_AGENT).build())
        .build();
  }
}
