package dev.costguard.sandbox;

/** One request the mock API server received. */
public record ApiRequest(String method, String path, String contentType, String body) {
  public boolean isWrite() {
    return !method.equals("GET");
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
