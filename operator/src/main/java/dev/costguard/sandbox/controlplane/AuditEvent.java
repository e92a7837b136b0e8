package dev.costguard.sandbox.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;

/** One request as the API server's audit log records it: who, what, and the response code. */
public record AuditEvent(String user, String userAgent, String verb, String requestUri, int code) {

  static AuditEvent parse(String jsonLine) {
    JsonNode event = Serialization.unmarshal(jsonLine, JsonNode.class);
    return new AuditEvent(
        event.path("user").path("username").asText(),
        event.path("userAgent").asText(),
        event.path("verb").asText(),
        event.path("requestURI").asText(),
        event.path("responseStatus").path("code").asInt());
  }

  public boolean forbidden() {
    return code == 403;
  }

  @Override
  public String toString() {
    return user + " " + verb + " " + requestUri + " -> " + code;
  }
}
