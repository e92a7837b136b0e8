package dev.costguard.notify;

import dev.costguard.api.v1alpha1.NotificationEvent;
import dev.costguard.api.v1alpha1.NotificationFormat;
import dev.costguard.api.v1alpha1.NotificationTarget;
import dev.costguard.api.v1alpha1.WorkloadBudget;
import dev.costguard.kube.EventRecorder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers notices to the webhooks of their budget ({@code spec.notifications}), off the reconcile
 * thread.
 *
 * <ul>
 *   <li>{@link #publish} never blocks: a notice is queued, at most {@code capacity} deliveries wait
 *       at once, and one beyond that is dropped (counted and logged), never waited for.
 *   <li>Each notice is delivered once per budget and key while the operator runs; across restarts
 *       the publisher's status ledger ({@link NoticeLedger}) keeps it from being published again.
 *   <li>A 5xx, 408 or 429 answer, a timeout or a connection error is retried with exponential
 *       backoff and jitter, up to {@code maxAttempts}; any other 4xx, a redirect (never followed),
 *       a URL off the allow-list or an unusable Secret fails at once. A delivery that fails for
 *       good is a Warning event {@code NotificationFailed} on the budget and a log line.
 *   <li>Metrics: {@code costguard_notifications_sent_total}, {@code _failed_total}, {@code
 *       _retried_total} by format, {@code costguard_notifications_dropped_total}.
 *   <li>Messages and logs name a webhook by its target name and origin only: Slack and Teams URLs
 *       carry their credential in the path, and Secret values are never shown.
 * </ul>
 */
public final class WebhookNotifier implements Notices, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookNotifier.class);
  private static final int REMEMBERED_KEYS = 10_000;
  static final String USER_AGENT = "costguard-notifier/1";

  /**
   * @param capacity deliveries waiting at most (queued or between retries)
   * @param maxAttempts attempts per delivery, the first included
   * @param backoff waits between attempts
   * @param timeout longest wait for an answer to one attempt
   */
  public record Settings(int capacity, int maxAttempts, Backoff backoff, Duration timeout) {
    public static Settings defaults() {
      return new Settings(
          1000,
          6,
          new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), Math::random),
          Duration.ofSeconds(10));
    }
  }

  private final Function<String, Optional<WorkloadBudget>> budgets;
  private final NotificationSecrets secrets;
  private final WebhookAllowList allowList;
  private final EventRecorder events;
  private final MeterRegistry meters;
  private final Clock wallClock;
  private final Settings settings;
  private final HttpClient http;
  private final ScheduledThreadPoolExecutor executor;
  private final AtomicInteger pending = new AtomicInteger();
  private final Map<String, Boolean> published =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
          return size() > REMEMBERED_KEYS;
        }
      };
  private final Counter dropped;

  /**
   * @param budgets the budget of a name, as last seen
   * @param wallClock real time, for signature timestamps (receivers compare them with their own
   *     clock, whatever the operator's decision clock says)
   */
  public WebhookNotifier(
      Function<String, Optional<WorkloadBudget>> budgets,
      NotificationSecrets secrets,
      WebhookAllowList allowList,
      EventRecorder events,
      MeterRegistry meters,
      Clock wallClock,
      Settings settings) {
    this.budgets = budgets;
    this.secrets = secrets;
    this.allowList = allowList;
    this.events = events;
    this.meters = meters;
    this.wallClock = wallClock;
    this.settings = settings;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.executor =
        new ScheduledThreadPoolExecutor(
            2,
            r -> {
              Thread thread = new Thread(r, "notify-delivery");
              thread.setDaemon(true);
              return thread;
            });
    this.executor.setRemoveOnCancelPolicy(true);
    this.dropped =
        Counter.builder("costguard.notifications.dropped")
            .description("Notices dropped because the delivery queue was full")
            .register(meters);
  }

  @Override
  public void publish(Notice notice) {
    synchronized (published) {
      if (published.put(notice.budget() + "/" + notice.key(), Boolean.TRUE) != null) {
        return;
      }
    }
    if (!reserve()) {
      dropped.increment();
      LOG.warn(
          "notice {} of WorkloadBudget {} dropped: {} deliveries already wait",
          notice.key(),
          notice.budget(),
          settings.capacity());
      return;
    }
    try {
      executor.execute(() -> fanOut(notice));
    } catch (RuntimeException e) {
      // Never the caller's problem: a rejected task (the operator is stopping) is only logged.
      pending.decrementAndGet();
      LOG.warn(
          "notice {} of WorkloadBudget {} not queued: {}",
          notice.key(),
          notice.budget(),
          e.toString());
    }
  }

  /** Deliveries queued or waiting to retry. */
  public int pending() {
    return pending.get();
  }

  private boolean reserve() {
    if (pending.incrementAndGet() > settings.capacity()) {
      pending.decrementAndGet();
      return false;
    }
    return true;
  }

  private void fanOut(Notice notice) {
    try {
      Optional<WorkloadBudget> budget = budgets.apply(notice.budget());
      List<NotificationTarget> targets =
          budget.map(b -> b.getSpec() == null ? null : b.getSpec().notifications).orElse(List.of());
      for (NotificationTarget target :
          Objects.requireNonNullElse(targets, List.<NotificationTarget>of())) {
        if (target == null || !wants(target, notice.kind())) {
          continue;
        }
        if (!reserve()) {
          dropped.increment();
          LOG.warn(
              "notice {} of WorkloadBudget {} to {} dropped: queue full",
              notice.key(),
              notice.budget(),
              target.name);
          continue;
        }
        attempt(new Delivery(notice, budget.get(), target), 1);
      }
    } catch (RuntimeException e) {
      LOG.warn(
          "notice {} of WorkloadBudget {} not delivered: {}",
          notice.key(),
          notice.budget(),
          e.toString());
    } finally {
      pending.decrementAndGet();
    }
  }

  private record Delivery(Notice notice, WorkloadBudget budget, NotificationTarget target) {
    NotificationFormat format() {
      return target.format == null ? NotificationFormat.Generic : target.format;
    }
  }

  /** Outcome of one attempt. */
  private record Result(boolean delivered, boolean retryable, String problem) {
    static final Result OK = new Result(true, false, null);

    static Result retry(String problem) {
      return new Result(false, true, problem);
    }

    static Result fail(String problem) {
      return new Result(false, false, problem);
    }
  }

  private void attempt(Delivery delivery, int attempt) {
    Result result;
    try {
      result = send(delivery);
    } catch (RuntimeException e) {
      result = Result.fail("unexpected error: " + e.getClass().getSimpleName());
    }
    String format = delivery.format().name();
    if (result.delivered()) {
      counter("costguard.notifications.sent", "Notifications delivered", format).increment();
      pending.decrementAndGet();
    } else if (result.retryable() && attempt < settings.maxAttempts()) {
      counter("costguard.notifications.retried", "Notification attempts retried", format)
          .increment();
      Duration wait = settings.backoff().after(attempt);
      LOG.info(
          "notification {} of WorkloadBudget {} to {}: {}; attempt {} of {} in {} ms",
          delivery.notice().key(),
          delivery.notice().budget(),
          delivery.target().name,
          result.problem(),
          attempt + 1,
          settings.maxAttempts(),
          wait.toMillis());
      try {
        executor.schedule(
            () -> attempt(delivery, attempt + 1), wait.toMillis(), TimeUnit.MILLISECONDS);
      } catch (RuntimeException e) {
        pending.decrementAndGet();
      }
    } else {
      counter("costguard.notifications.failed", "Notifications that failed for good", format)
          .increment();
      pending.decrementAndGet();
      String message =
          "notification "
              + delivery.notice().kind()
              + " to target "
              + delivery.target().name
              + " failed"
              + (result.retryable() ? " after " + attempt + " attempts" : "")
              + ": "
              + result.problem();
      LOG.warn("WorkloadBudget {}: {}", delivery.notice().budget(), message);
      try {
        events.warning(delivery.budget(), "NotificationFailed", message);
      } catch (RuntimeException e) {
        LOG.warn("event NotificationFailed not recorded: {}", e.toString());
      }
    }
  }

  private Result send(Delivery delivery) {
    NotificationTarget target = delivery.target();
    String url;
    try {
      url =
          target.urlSecretRef != null
              ? new String(secrets.read(target.urlSecretRef), StandardCharsets.UTF_8).trim()
              : target.url;
    } catch (NotificationSecrets.Unusable e) {
      return Result.fail("urlSecretRef: " + e.getMessage());
    }
    if (url == null || url.isBlank()) {
      return Result.fail("no webhook URL");
    }
    Optional<String> refused = allowList.refusal(url);
    if (refused.isPresent()) {
      return Result.fail(refused.get());
    }
    String origin = WebhookAllowList.origin(url);
    byte[] body = NoticePayloads.of(delivery.notice(), delivery.format());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url.trim()))
            .timeout(settings.timeout())
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", USER_AGENT)
            .header("X-Costguard-Event", delivery.notice().kind().name())
            .header(
                "X-Costguard-Delivery", delivery.notice().budget() + "/" + delivery.notice().key())
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (target.signingSecretRef != null && delivery.format() == NotificationFormat.Generic) {
      byte[] key;
      try {
        key = secrets.read(target.signingSecretRef);
      } catch (NotificationSecrets.Unusable e) {
        return Result.fail("signingSecretRef: " + e.getMessage());
      }
      if (key.length == 0) {
        return Result.fail("signingSecretRef: the signing key is empty");
      }
      request.header(
          WebhookSignature.HEADER,
          WebhookSignature.header(key, wallClock.instant().getEpochSecond(), body));
    }
    HttpResponse<Void> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      return Result.retry(origin + " did not answer: " + e.getClass().getSimpleName());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Result.fail("interrupted (operator stopping)");
    } catch (IllegalArgumentException e) {
      return Result.fail("the webhook URL is not usable");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return Result.OK;
    }
    if (status >= 300 && status < 400) {
      return Result.fail(origin + " answered HTTP " + status + ": redirects are not followed");
    }
    if (status >= 500 || status == 408 || status == 429) {
      return Result.retry(origin + " answered HTTP " + status);
    }
    return Result.fail(origin + " answered HTTP " + status);
  }

  private static boolean wants(NotificationTarget target, NotificationEvent kind) {
    return target.events == null || target.events.isEmpty() || target.events.contains(kind);
  }

  private Counter counter(String name, String description, String format) {
    return Counter.builder(name).description(description).tag("format", format).register(meters);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
