package dev.costguard.chart;

import dev.costguard.sandbox.ApiRequest;
import java.util.Optional;

/**
 * What an API request needs from RBAC: API group, resource (with subresource), verb, namespace and
 * object name, read from its method and path as the API server's request info does.
 */
record ApiAccess(String group, String resource, String verb, String namespace, String name) {

  String groupResource() {
    return (group.isEmpty() ? "core" : group) + "/" + resource;
  }

  /** Empty for non-resource URLs such as /api, /apis or /version. */
  static Optional<ApiAccess> of(ApiRequest request) {
    String path = request.path();
    int queryStart = path.indexOf('?');
    String query = queryStart < 0 ? "" : path.substring(queryStart + 1);
    String[] parts =
        (queryStart < 0 ? path : path.substring(0, queryStart)).replaceAll("^/|/$", "").split("/");
    String group;
    int rest;
    if (parts.length >= 3 && parts[0].equals("api")) {
      group = "";
      rest = 2;
    } else if (parts.length >= 4 && parts[0].equals("apis")) {
      group = parts[1];
      rest = 3;
    } else {
      return Optional.empty();
    }
    String namespace = null;
    if (parts.length - rest >= 3 && parts[rest].equals("namespaces")) {
      namespace = parts[rest + 1];
      rest += 2;
    }
    String resource = parts[rest];
    String name = parts.length > rest + 1 ? parts[rest + 1] : null;
    if (parts.length > rest + 2) {
      resource = resource + "/" + parts[rest + 2];
    }
    return Optional.of(
        new ApiAccess(group, resource, verb(request.method(), name, query), namespace, name));
  }

  private static String verb(String method, String name, String query) {
    return switch (method) {
      case "GET" -> name != null ? "get" : query.contains("watch=true") ? "watch" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> name != null ? "delete" : "deletecollection";
      default -> method.toLowerCase();
    };
  }
}
