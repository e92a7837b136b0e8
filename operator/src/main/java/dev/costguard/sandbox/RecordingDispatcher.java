package dev.costguard.sandbox;

import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a copy of every request, body included, before the mock server's dispatcher consumes the
 * body: tests read it to check what Costguard sent (one patch carrying change and annotation, the
 * verbs the RBAC rules must allow).
 */
final class RecordingDispatcher extends Dispatcher {
  private final Dispatcher delegate;
  private final List<ApiRequest> log = new ArrayList<>();

  RecordingDispatcher(Dispatcher delegate) {
    this.delegate = delegate;
  }

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    byte[] body = request.getBody() == null ? new byte[0] : request.getBody().readByteArray();
    synchronized (log) {
      log.add(new ApiRequest(request.getMethod(), request.getPath(), request.getHeader("User-Agent"),
          request.getHeader("Content-Type"), new String(body, StandardCharsets.UTF_8)));
    }
    return delegate.dispatch(new RecordedRequest(
        request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(), new Buffer(body)));
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
