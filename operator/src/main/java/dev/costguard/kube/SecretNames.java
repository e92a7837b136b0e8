package dev.costguard.kube;

import java.util.regex.Pattern;

/**
 * Names of Secrets and their keys as Kubernetes allows them, checked before a name becomes part of
 * an API path: a name such as {@code ../../kube-system/secrets/x} is refused, never sent.
 */
public final class SecretNames {
  private static final Pattern DNS_1123_SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
  private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
  private static final int MAX_LENGTH = 253;

  private SecretNames() {}

  public static boolean isValidName(String name) {
    return name != null
        && name.length() <= MAX_LENGTH
        && DNS_1123_SUBDOMAIN.matcher(name).matches();
  }

  public static boolean isValidKey(String key) {
    return key != null
        && key.length() <= MAX_LENGTH
        && KEY.matcher(key).matches()
        && !key.equals(".")
        && !key.equals("..");
  }
}
