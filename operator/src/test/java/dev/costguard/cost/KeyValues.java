package dev.costguard.cost;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test tables write labels and resource lists as {@code key=value;key=value}. */
final class KeyValues {
  static Map<String, String> parse(String pairs) {
    Map<String, String> map = new LinkedHashMap<>();
    if (pairs != null && !pairs.isBlank()) {
      for (String pair : pairs.split(";")) {
        String[] kv = pair.trim().split("=", 2);
        map.put(kv[0], kv[1]);
      }
    }
    return map;
  }

  static Map<String, Quantity> quantities(String pairs) {
    return quantities(parse(pairs));
  }

  static Map<String, Quantity> quantities(Map<String, String> amounts) {
    Map<String, Quantity> quantities = new LinkedHashMap<>();
    amounts.forEach((name, amount) -> quantities.put(name, new Quantity(amount)));
    return quantities;
  }

  private KeyValues() {}
}
