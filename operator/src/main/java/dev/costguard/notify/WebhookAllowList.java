package dev.costguard.notify;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The operator's allow-list of webhook addresses, with the discipline Prometheus addresses follow:
 * a budget's author cannot make the operator call an arbitrary internal URL.
 *
 * <p>An entry is {@code scheme://host[:port][/path]}. A URL is allowed when its scheme, host and
 * port (the scheme's default when absent) equal an entry's and its path lies under the entry's path
 * (at a segment boundary). A host {@code *.example.com} allows every subdomain of example.com, not
 * example.com itself. URLs with user information are refused. Every address the host resolves to
 * must also be usable: link-local addresses (169.254.0.0/16, fe80::/10, where cloud metadata
 * services live, e.g. 169.254.169.254 and fd00:ec2::254), the unspecified address and multicast are
 * refused unless the entry names that very IP address. Redirects are never followed (see {@link
 * WebhookNotifier}).
 */
public final class WebhookAllowList {
  /** Resolves a host name to its addresses; the JVM's resolver in production. */
  @FunctionalInterface
  public interface Resolver {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  private record Entry(String scheme, String host, int port, String path) {}

  private final List<Entry> entries;
  private final Resolver resolver;

  public WebhookAllowList(List<String> allowed, Resolver resolver) {
    this.entries =
        allowed.stream()
            .map(String::trim)
            .filter(s -> !s.isEmpty())
            .map(WebhookAllowList::entry)
            .toList();
    this.resolver = resolver;
  }

  public static WebhookAllowList of(List<String> allowed) {
    return new WebhookAllowList(allowed, InetAddress::getAllByName);
  }

  /** Entries as configured, for messages. */
  public List<String> describe() {
    return entries.stream()
        .map(e -> e.scheme() + "://" + e.host() + ":" + e.port() + e.path())
        .toList();
  }

  /**
   * Why {@code url} may not be called, or empty when it may. The reason shows the URL's origin
   * only: a webhook URL's path is often a credential.
   */
  public Optional<String> refusal(String url) {
    URI uri;
    try {
      uri = URI.create(url.trim()).normalize();
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.of("the webhook URL is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("the webhook URL is not http or https");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("the webhook URL carries user information, which is refused");
    }
    if (uri.getHost() == null) {
      return Optional.of("the webhook URL has no host");
    }
    String host = bare(uri.getHost().toLowerCase(Locale.ROOT));
    int port = uri.getPort() >= 0 ? uri.getPort() : defaultPort(scheme);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String origin = scheme + "://" + host + ":" + port;
    Optional<Entry> match =
        entries.stream()
            .filter(
                e ->
                    e.scheme().equals(scheme)
                        && e.port() == port
                        && hostMatches(e.host(), host)
                        && pathUnder(e.path(), path))
            .findFirst();
    if (match.isEmpty()) {
      return Optional.of(
          origin
              + " is not on the operator's notification allow-list "
              + (entries.isEmpty() ? "(empty)" : describe()));
    }
    InetAddress[] addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return Optional.of(origin + ": the host does not resolve");
    }
    for (InetAddress address : addresses) {
      if (forbidden(address) && !match.get().host().equals(bare(address.getHostAddress()))) {
        return Optional.of(
            origin
                + " resolves to "
                + address.getHostAddress()
                + ", a link-local, metadata, unspecified or multicast address; allow that IP"
                + " address itself to call it");
      }
    }
    return Optional.empty();
  }

  /** Only the origin of a URL, for logs and events: the path may be a credential. */
  public static String origin(String url) {
    try {
      URI uri = URI.create(url.trim());
      return uri.getScheme()
          + "://"
          + uri.getHost()
          + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    } catch (RuntimeException e) {
      return "(not a URL)";
    }
  }

  static boolean forbidden(InetAddress address) {
    if (address.isLinkLocalAddress()
        || address.isAnyLocalAddress()
        || address.isMulticastAddress()) {
      return true;
    }
    byte[] b = address.getAddress();
    if (address instanceof Inet6Address) {
      // fd00:ec2::254, the AWS IPv6 metadata address (a unique-local address, not link-local).
      return address.getHostAddress().equals("fd00:ec2:0:0:0:0:0:254");
    }
    return b.length == 4 && (b[0] & 0xff) == 169 && (b[1] & 0xff) == 254;
  }

  private static Entry entry(String text) {
    URI uri = URI.create(text).normalize();
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    // URI does not parse a host with a wildcard: take it from the authority.
    String authority =
        uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")
        || authority.isEmpty()
        || authority.contains("@")) {
      throw new IllegalArgumentException(
          "notification allow-list entry " + text + " is not http(s)://host[:port][/path]");
    }
    String host;
    int port;
    int colon = authority.lastIndexOf(':');
    if (colon > authority.lastIndexOf(']')) {
      host = authority.substring(0, colon);
      port = Integer.parseInt(authority.substring(colon + 1));
    } else {
      host = authority;
      port = defaultPort(scheme);
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    return new Entry(scheme, bare(host), port, path);
  }

  private static boolean hostMatches(String pattern, String host) {
    if (pattern.startsWith("*.")) {
      String suffix = pattern.substring(1);
      return host.endsWith(suffix) && host.length() > suffix.length();
    }
    return pattern.equals(host);
  }

  private static boolean pathUnder(String prefix, String path) {
    return prefix.isEmpty() || path.equals(prefix) || path.startsWith(prefix + "/");
  }

  private static String bare(String host) {
    String h =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    try {
      // An IP literal in its canonical form, so that ::1 and 0:0:0:0:0:0:0:1 are one address.
      return h.matches("[0-9.]+|[0-9a-f:.]*:[0-9a-f:.]*")
          ? InetAddress.getByName(h).getHostAddress()
          : h;
    } catch (UnknownHostException e) {
      return h;
    }
  }

  private static int defaultPort(String scheme) {
    return scheme.equals("https") ? 443 : 80;
  }
}
