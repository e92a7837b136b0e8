package dev.costguard.sandbox.controlplane;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.utils.Serialization;

/** One request as the API server's audit log records it: who, what, and the response code. */
public record AuditEvent(
    String user, String userAgent, String verb, String requestUri, int code, String decision) {

  static AuditEvent parse(String jsonLine) {
    JsonNode event = Serialization.unmarshal(jsonLine, JsonNode.class);
    return new AuditEvent(
        event.path("user").path("username").asText(),
        event.path("userAgent").asText(),
        event.path("verb").asText(),
        event.path("requestURI").asText(),
        event.path("responseStatus").path("code").asInt(),
        event.path("annotations").path("authorization.k8s.io/decision").asText());
  }

  /**
   * Refused by authorization (RBAC). Not every 403 is: creating in a namespace that is being
   * deleted is a 403 too, after authorization allowed it.
   */
  public boolean forbidden() {
    return code == 403 && "forbid".equals(decision);
  }

  @Override
  public String toString() {
    return user + " " + verb + " " + requestUri + " -> " + code;
  }
}
