package dev.costguard.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.costguard.operator.BuildInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image {@code make image} builds (operator/target/jib-image.tar), as a container runtime reads
 * it: its config (user, entrypoint, port, labels), and the operator really starting from its file
 * system.
 */
@Tag("image")
class ImageTest {
  private static final Path TAR = Path.of("target/jib-image.tar");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir static Path unpacked;
  private static JsonNode config;
  private static List<Path> layers = new ArrayList<>();

  @BeforeAll
  static void unpack() throws Exception {
    assertThat(TAR).as("make image builds it").exists();
    run(unpacked.toFile(), "tar", "-xf", TAR.toAbsolutePath().toString());
    JsonNode manifest = JSON.readTree(unpacked.resolve("manifest.json").toFile()).get(0);
    config =
        JSON.readTree(unpacked.resolve(manifest.get("Config").asText()).toFile()).get("config");
    manifest.get("Layers").forEach(layer -> layers.add(unpacked.resolve(layer.asText())));
  }

  @Test
  void runsAsTheNonRootUserTheChartExpects() {
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
  }

  @Test
  void startsTheOperatorWithItsOwnJavaRuntime() {
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(a -> entrypoint.add(a.asText()));
    assertThat(entrypoint)
        .startsWith("/opt/java/bin/java", "-XX:+ExitOnOutOfMemoryError", "-XX:MaxRAMPercentage=75")
        .endsWith("dev.costguard.Main");
    assertThat(config.get("Cmd").get(0).asText()).isEqualTo("run");
    assertThat(config.get("ExposedPorts").has("8080/tcp")).isTrue();
  }

  @Test
  void isLabelledWithVersionRevisionAndLicence() {
    BuildInfo build = BuildInfo.current();
    JsonNode labels = config.get("Labels");
    assertThat(labels.get("org.opencontainers.image.version").asText()).isEqualTo(build.version());
    assertThat(labels.get("org.opencontainers.image.revision").asText())
        .isEqualTo(build.revision());
    assertThat(labels.get("org.opencontainers.image.licenses").asText()).isEqualTo("Apache-2.0");
  }

  /**
   * Unpacks the layers into a root file system and runs the entrypoint's java in it (chroot, with
   * /proc mounted as a runtime would): the image needs nothing from the host.
   */
  @Test
  void theOperatorStartsFromTheImagesFileSystemAlone(@TempDir Path root) throws Exception {
    assumeTrue("root".equals(System.getProperty("user.name")), "chroot needs root");
    for (Path layer : layers) {
      run(root.toFile(), "tar", "-xzf", layer.toString());
    }
    // a root file system as a runtime makes it: traversable by the image's non-root user
    Files.setPosixFilePermissions(
        root, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createDirectories(root.resolve("proc"));
    run(root.toFile(), "mount", "-t", "proc", "proc", root.resolve("proc").toString());
    try {
      String version =
          run(
              root.toFile(),
              "chroot",
              "--userspec=65532:65532",
              root.toString(),
              "/opt/java/bin/java",
              "-cp",
              "@/app/jib-classpath-file",
              "dev.costguard.Main",
              "--version");
      assertThat(version.trim()).isEqualTo(BuildInfo.current().toString());
    } finally {
      run(root.toFile(), "umount", root.resolve("proc").toString());
    }
  }

  private static String run(java.io.File dir, String... command)
      throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), output).isZero();
    return output;
  }
}
