package dev.costguard.sandbox;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Keeps a copy of every request, body included, before the mock server's dispatcher consumes the
 * body: tests read it to check what Costguard sent (one patch carrying change and annotation, the
 * verbs the RBAC rules must allow).
 */
final class RecordingDispatcher extends Dispatcher {
  private final Dispatcher delegate;
  private final List<ApiRequest> log = new ArrayList<>();
  private final List<Fault> faults = new CopyOnWriteArrayList<>();

  /**
   * Answers requests {@code which} selects with {@code code}, {@code remaining} more times
   * (negative: always).
   */
  private record Fault(Predicate<ApiRequest> which, int code, AtomicInteger remaining) {
    boolean answers(ApiRequest request) {
      return which.test(request) && remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) != 0;
    }
  }

  RecordingDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
    ApiRequest recorded =
        new ApiRequest(
            request.getMethod(),
            request.getPath(),
            request.getHeader("User-Agent"),
            request.getHeader("Content-Type"),
            new String(body, StandardCharsets.UTF_8));
    synchronized (log) {
      log.add(recorded);
    }
    for (Fault fault : faults) {
      if (fault.answers(recorded)) {
        return new MockResponse()
            .setResponseCode(fault.code())
            .addHeader("Content-Type", "application/json")
            .setBody(
                "{\"apiVersion\":\"v1\",\"kind\":\"Status\",\"status\":\"Failure\",\"code\":"
                    + fault.code()
                    + ",\"message\":\"injected fault\"}");
      }
    }
    return delegate.dispatch(
        new RecordedRequest(
            request.getHttpVersion(),
            request.method(),
            request.getPath(),
            request.getHeaders(),
            new Buffer(body)));
  }

  void fail(Predicate<ApiRequest> which, int code, int times) {
    faults.add(new Fault(which, code, new AtomicInteger(times)));
  }

  void clearFaults() {
    faults.clear();
  }

  List<ApiRequest> drain() {
    synchronized (log) {
      List<ApiRequest> taken = List.copyOf(log);
      log.clear();
      return taken;
    }
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }
}
