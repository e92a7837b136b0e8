package dev.costguard.scaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.api.v1alpha1.ScalingTrigger;
import dev.costguard.kube.SecretNames;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Instant PromQL queries over the Prometheus HTTP API ({@code GET /api/v1/query}). Only addresses
 * on the operator's allow-list are called, so that a namespace user cannot make the operator reach
 * arbitrary internal URLs. HTTPS uses the JVM's trust store.
 *
 * <p>A value's age is judged on Prometheus's own clock: the {@code Date} of its answer minus the
 * sample's timestamp, both stamped by Prometheus. The reading is then placed on the operator's
 * clock ({@code observedAt} = now minus that age), so that clocks apart (a skewed node, or the
 * sandbox's accelerated time) never make a fresh value stale. A live Prometheus stamps an instant
 * query's result with its evaluation time, so its answers are fresh; a cached or replayed answer (a
 * query front-end, a proxy) is as old as it says.
 */
public final class PrometheusQueries {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final KubernetesClient client;
  private final List<String> allowedUrls;
  private final Clock clock;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(CONNECT_TIMEOUT)
          .followRedirects(HttpClient.Redirect.NEVER)
          .build();

  public PrometheusQueries(KubernetesClient client, List<String> allowedUrls, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.allowedUrls = allowedUrls.stream().map(PrometheusQueries::normalise).toList();
  }

  /**
   * Runs the trigger's query. An empty result, NaN or infinity is an unknown value; an address not
   * on the allow-list, a failing query or a vector of many series is a {@link TriggerFailure}.
   */
  public TriggerReading read(String trigger, ScalingTrigger spec, String namespace)
      throws TriggerFailure {
    Aim aim = Aim.of(spec);
    Duration maxAge = Duration.ofSeconds(spec.maxAgeSeconds == null ? 300 : spec.maxAgeSeconds);
    if (spec.query == null || spec.query.isBlank()) {
      throw TriggerFailure.invalid(
          "PrometheusQueryMissing", trigger + ": a Prometheus trigger needs a query");
    }
    String base;
    try {
      base = normalise(spec.serverAddress);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw TriggerFailure.invalid(
          "InvalidServerAddress",
          trigger
              + ": serverAddress "
              + printable(spec.serverAddress)
              + " is not a URL, e.g. http://prometheus.monitoring:9090");
    }
    if (!allowedUrls.contains(base)) {
      throw TriggerFailure.invalid(
          "PrometheusAddressRefused",
          trigger
              + ": "
              + spec.serverAddress
              + " is not on the operator's Prometheus allow-list "
              + (allowedUrls.isEmpty() ? "(empty)" : allowedUrls));
    }
    URI uri;
    try {
      uri =
          URI.create(
              base
                  + "/api/v1/query?query="
                  + URLEncoder.encode(spec.query, StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      throw TriggerFailure.invalid(
          "InvalidServerAddress",
          trigger + ": serverAddress " + printable(spec.serverAddress) + " is not a URL");
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(spec.timeoutSeconds == null ? 5 : spec.timeoutSeconds))
            .header("Accept", "application/json")
            .GET();
    String token = spec.bearerTokenSecretRef == null ? null : bearerToken(trigger, spec, namespace);
    if (token != null) {
      try {
        request.header("Authorization", "Bearer " + token);
      } catch (IllegalArgumentException e) {
        // The HTTP client quotes the whole header value in its message: never pass it on.
        throw invalidToken(trigger, spec);
      }
    }
    HttpResponse<String> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw TriggerFailure.unavailable(
          "PrometheusUnreachable", trigger + ": " + base + " did not answer: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw TriggerFailure.unavailable("PrometheusUnreachable", trigger + ": interrupted");
    }
    JsonNode body;
    try {
      body = JSON.readTree(response.body());
    } catch (IOException e) {
      body = null;
    }
    if (response.statusCode() >= 400
        || body == null
        || !"success".equals(body.path("status").asText())) {
      // A proxy or server may echo the request, Authorization header included: the token never
      // goes into a status, an event or the log.
      String error =
          withoutSecret(
              body == null || !body.isObject()
                  ? "HTTP " + response.statusCode() + " with a body that is not JSON"
                  : body.path("error").asText("HTTP " + response.statusCode()),
              token);
      if (response.statusCode() == 400 || response.statusCode() == 422) {
        throw TriggerFailure.invalid(
            "PrometheusQueryRejected", trigger + ": Prometheus rejected the query: " + error);
      }
      throw TriggerFailure.unavailable(
          "PrometheusUnreachable", trigger + ": " + base + " answered " + error);
    }
    JsonNode data = body.path("data");
    JsonNode sample;
    switch (data.path("resultType").asText()) {
      case "scalar" -> sample = data.path("result");
      case "vector" -> {
        JsonNode result = data.path("result");
        if (result.isEmpty()) {
          return TriggerReading.unknown(trigger, "the query returned no series", aim, maxAge);
        }
        if (result.size() > 1) {
          throw TriggerFailure.invalid(
              "QueryReturnedManySeries",
              trigger
                  + ": the query returned "
                  + result.size()
                  + " series; aggregate it to one number, e.g. with avg() or sum()");
        }
        sample = result.get(0).path("value");
      }
      default ->
          throw TriggerFailure.invalid(
              "QueryNotANumber",
              trigger
                  + ": the query returned a "
                  + data.path("resultType").asText()
                  + ", not one number");
    }
    double value = parse(sample.path(1).asText());
    Instant sampledAt = Instant.ofEpochMilli(Math.round(sample.path(0).asDouble() * 1000));
    Instant observedAt = clock.instant().minus(ageOnPrometheusClock(response, sampledAt));
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return TriggerReading.unknown(
          trigger, "the query returned " + sample.path(1).asText(), aim, maxAge);
    }
    return TriggerReading.known(trigger, value, observedAt, aim, maxAge);
  }

  /**
   * The {@code Date} of Prometheus's answer minus the sample's timestamp; zero when the answer has
   * no readable {@code Date} or the sample is stamped within the second of the answer (the header
   * has whole seconds).
   */
  static Duration ageOnPrometheusClock(HttpResponse<?> response, Instant sampledAt) {
    Instant answeredAt;
    try {
      answeredAt =
          response
              .headers()
              .firstValue("Date")
              .map(date -> ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME))
              .map(ZonedDateTime::toInstant)
              .orElse(sampledAt);
    } catch (DateTimeParseException e) {
      answeredAt = sampledAt;
    }
    Duration age = Duration.between(sampledAt, answeredAt);
    return age.isNegative() ? Duration.ZERO : age;
  }

  private String bearerToken(String trigger, ScalingTrigger spec, String namespace)
      throws TriggerFailure {
    String name = spec.bearerTokenSecretRef.name;
    String key = spec.bearerTokenSecretRef.key;
    if (!SecretNames.isValidName(name) || !SecretNames.isValidKey(key)) {
      throw TriggerFailure.invalid(
          "InvalidSecretName",
          trigger
              + ": bearerTokenSecretRef "
              + printable(name)
              + "/"
              + printable(key)
              + " is not a Secret name (DNS-1123 subdomain) and key ([-._a-zA-Z0-9]+)");
    }
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    Map<String, String> data =
        secret == null || secret.getData() == null ? Map.of() : secret.getData();
    String encoded = data.get(spec.bearerTokenSecretRef.key);
    if (encoded == null) {
      throw TriggerFailure.invalid(
          "BearerTokenNotFound",
          trigger
              + ": Secret "
              + spec.bearerTokenSecretRef.name
              + " in "
              + namespace
              + " has no key "
              + spec.bearerTokenSecretRef.key);
    }
    String token;
    try {
      token = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8).trim();
    } catch (IllegalArgumentException e) {
      token = "\n";
    }
    // A header value with a line break or a character beyond Latin-1 would be refused by the HTTP
    // client, which quotes the whole header, token included, in its message: refuse it here without
    // ever showing the token. Bearer tokens are printable ASCII (RFC 6750).
    if (token.isEmpty() || token.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw invalidToken(trigger, spec);
    }
    return token;
  }

  private static TriggerFailure invalidToken(String trigger, ScalingTrigger spec) {
    return TriggerFailure.invalid(
        "InvalidBearerToken",
        trigger
            + ": key "
            + spec.bearerTokenSecretRef.key
            + " of Secret "
            + spec.bearerTokenSecretRef.name
            + " is not a bearer token (empty, or it has line breaks, control characters or"
            + " characters beyond printable ASCII)");
  }

  /** {@code text} with every occurrence of {@code secret} replaced. */
  static String withoutSecret(String text, String secret) {
    return secret == null || secret.isEmpty() ? text : text.replace(secret, "[redacted]");
  }

  /**
   * A user-supplied string for a message: control characters shown as '?', at most 100 characters.
   */
  private static String printable(String text) {
    String shown = String.valueOf(text).replaceAll("\\p{Cntrl}", "?");
    return shown.length() <= 100 ? shown : shown.substring(0, 100) + "…";
  }

  private static double parse(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  /**
   * Scheme and host in lower case, no trailing slash: {@code HTTP://Prom:9090/} allows {@code
   * http://prom:9090}.
   */
  static String normalise(String url) {
    URI uri = URI.create(url.trim()).normalize();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    String authority =
        uri.getRawAuthority() == null ? "" : uri.getRawAuthority().toLowerCase(Locale.ROOT);
    return scheme + "://" + authority + path;
  }
}
