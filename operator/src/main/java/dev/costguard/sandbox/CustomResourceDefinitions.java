package dev.costguard.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The CRDs the build generates from the resource model, read from the class path. */
public final class CustomResourceDefinitions {
  public static final List<String> PLURALS =
      List.of("pricecatalogs", "workloadbudgets", "scalingpolicies", "shutdownschedules");

  private CustomResourceDefinitions() {}

  public static List<CustomResourceDefinition> all() {
    return PLURALS.stream().map(CustomResourceDefinitions::load).toList();
  }

  /** The class-path location of a generated CRD, e.g. for {@code workloadbudgets}. */
  public static String resourcePath(String plural) {
    return "/META-INF/fabric8/" + plural + ".costguard.dev-v1.yml";
  }

  private static CustomResourceDefinition load(String plural) {
    try (InputStream in =
        CustomResourceDefinitions.class.getResourceAsStream(resourcePath(plural))) {
      if (in == null) {
        throw new IllegalStateException(
            "generated CRD missing from class path: " + resourcePath(plural));
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
