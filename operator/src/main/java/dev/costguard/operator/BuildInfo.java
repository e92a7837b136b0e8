package dev.costguard.operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What this build is: the Maven version and the git revision stamped into the jar at build time
 * ({@code META-INF/costguard/build.properties}). Shown by {@code --version} and exported as {@code
 * costguard_build_info{version,revision}}.
 */
public record BuildInfo(String version, String revision) {
  private static final String RESOURCE = "/META-INF/costguard/build.properties";
  private static final String UNKNOWN = "unknown";

  public static BuildInfo current() {
    Properties properties = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new BuildInfo(value(properties, "version"), value(properties, "revision"));
  }

  /** A placeholder left unfilled (built without Maven, or outside a git checkout) is unknown. */
  private static String value(Properties properties, String key) {
    String value = properties.getProperty(key, "");
    return value.isBlank() || value.contains("${") ? UNKNOWN : value;
  }

  @Override
  public String toString() {
    return "costguard " + version + " (revision " + revision + ")";
  }
}
