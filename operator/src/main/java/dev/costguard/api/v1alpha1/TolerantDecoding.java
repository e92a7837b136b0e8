package dev.costguard.api.v1alpha1;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How Costguard's custom resources are read from JSON, so that one object can never stop the
 * operator. The API server checks the CRD schema, but an object stored before a schema existed, one
 * written with validation bypassed, or one from a newer CRD may still not fit the model:
 *
 * <ul>
 *   <li>Fields the model does not know are ignored (a newer CRD, e.g. {@code spec.enforcement}).
 *   <li>A spec that cannot be read (a number beyond its Java type, a string where a number belongs)
 *       does not fail the read: the object comes back with its metadata and status but without a
 *       spec, and {@link #problem} says what was wrong. The caller skips and reports it.
 * </ul>
 *
 * <p>Without this, fabric8's informer fails on the one object and java-operator-sdk stops the whole
 * process, at start-up and at every restart (a crash loop).
 */
public final class TolerantDecoding {
  /** Versions of objects remembered as unreadable; older entries are forgotten first. */
  private static final int MAX_REMEMBERED = 10_000;

  /** The plain bean mapping of the resource classes, without the tolerant wrapper below. */
  private static final ObjectMapper PLAIN =
      Serialization.jsonMapper()
          .copy()
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          // Money stays exact: prices go through the tree as decimals, never through a double.
          .configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true)
          .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
          .addMixIn(PriceCatalog.class, PlainBean.class)
          .addMixIn(WorkloadBudget.class, PlainBean.class)
          .addMixIn(ScalingPolicy.class, PlainBean.class)
          .addMixIn(ShutdownSchedule.class, PlainBean.class);

  private static final Map<String, String> PROBLEMS =
      Collections.synchronizedMap(
          new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
              return size() > MAX_REMEMBERED;
            }
          });

  @JsonDeserialize(using = JsonDeserializer.None.class)
  private interface PlainBean {}

  private TolerantDecoding() {}

  /**
   * Why this version of the object could not be read, or empty when it was read in full. Copies of
   * the object (same uid and resourceVersion) share the answer.
   */
  public static Optional<String> problem(HasMetadata resource) {
    if (resource == null || resource.getMetadata() == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(PROBLEMS.get(key(resource)));
  }

  private static String key(HasMetadata resource) {
    var meta = resource.getMetadata();
    return resource.getClass().getSimpleName()
        + "|"
        + meta.getUid()
        + "|"
        + meta.getNamespace()
        + "|"
        + meta.getName()
        + "|"
        + meta.getResourceVersion();
  }

  static <R extends HasMetadata> R decode(JsonParser parser, Class<R> type) throws IOException {
    JsonNode tree = PLAIN.readTree(parser);
    try {
      return PLAIN.treeToValue(tree, type);
    } catch (JsonMappingException | IllegalArgumentException spec) {
      if (!(tree instanceof ObjectNode object)) {
        throw spec;
      }
      ObjectNode withoutSpec = object.deepCopy();
      withoutSpec.remove("spec");
      R shell;
      try {
        shell = PLAIN.treeToValue(withoutSpec, type);
      } catch (JsonMappingException | IllegalArgumentException status) {
        withoutSpec.remove("status");
        shell = PLAIN.treeToValue(withoutSpec, type);
      }
      if (shell.getMetadata() != null) {
        PROBLEMS.put(key(shell), describe(spec));
      }
      return shell;
    }
  }

  /** A short, user-facing description: the field path and what was wrong, never a stack trace. */
  static String describe(Exception e) {
    if (e instanceof JsonMappingException mapping) {
      String path =
          mapping.getPath().stream()
              .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
              .collect(Collectors.joining("."))
              .replace(".[", "[");
      String what;
      if (mapping instanceof InvalidFormatException format) {
        what =
            "value "
                + abbreviate(String.valueOf(format.getValue()))
                + " is not a valid "
                + format.getTargetType().getSimpleName();
      } else if (mapping instanceof MismatchedInputException mismatched
          && mismatched.getTargetType() != null) {
        what = "expected " + mismatched.getTargetType().getSimpleName();
      } else {
        what = abbreviate(mapping.getOriginalMessage());
      }
      if (e.getCause() instanceof JacksonException cause
          && what.equals(abbreviate(mapping.getOriginalMessage()))) {
        what = abbreviate(cause.getOriginalMessage());
      }
      return (path.isEmpty() ? "" : path + ": ") + what;
    }
    return abbreviate(e.getMessage());
  }

  private static String abbreviate(String text) {
    String oneLine = String.valueOf(text).replaceAll("\\s+", " ");
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }

  /** Reads a PriceCatalog tolerantly. */
  public static final class PriceCatalogDecoder extends StdDeserializer<PriceCatalog> {
    public PriceCatalogDecoder() {
      super(PriceCatalog.class);
    }

    @Override
    public PriceCatalog deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return decode(p, PriceCatalog.class);
    }
  }

  /** Reads a WorkloadBudget tolerantly. */
  public static final class WorkloadBudgetDecoder extends StdDeserializer<WorkloadBudget> {
    public WorkloadBudgetDecoder() {
      super(WorkloadBudget.class);
    }

    @Override
    public WorkloadBudget deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return decode(p, WorkloadBudget.class);
    }
  }

  /** Reads a ScalingPolicy tolerantly. */
  public static final class ScalingPolicyDecoder extends StdDeserializer<ScalingPolicy> {
    public ScalingPolicyDecoder() {
      super(ScalingPolicy.class);
    }

    @Override
    public ScalingPolicy deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      return decode(p, ScalingPolicy.class);
    }
  }

  /** Reads a ShutdownSchedule tolerantly. */
  public static final class ShutdownScheduleDecoder extends StdDeserializer<ShutdownSchedule> {
    public ShutdownScheduleDecoder() {
      super(ShutdownSchedule.class);
    }

    @Override
    public ShutdownSchedule deserialize(JsonParser p, DeserializationContext ctxt)
        throws IOException {
      return decode(p, ShutdownSchedule.class);
    }
  }
}
