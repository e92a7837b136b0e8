package dev.costguard.sandbox.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The throwaway keys and certificates of one control plane, made with the openssl command: a CA,
 * the API server's serving certificate for the loopback address, an admin client certificate
 * ({@code system:masters}) and the service-account signing key.
 */
final class Pki {
  private final Path dir;

  private Pki(Path dir) {
    this.dir = dir;
  }

  static Pki create(Path dir) {
    Pki pki = new Pki(dir);
    pki.generate();
    return pki;
  }

  Path caCert() {
    return dir.resolve("ca.crt");
  }

  Path caKey() {
    return dir.resolve("ca.key");
  }

  Path servingCert() {
    return dir.resolve("apiserver.crt");
  }

  Path servingKey() {
    return dir.resolve("apiserver.key");
  }

  Path adminCert() {
    return dir.resolve("admin.crt");
  }

  Path adminKey() {
    return dir.resolve("admin.key");
  }

  Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  Path serviceAccountPublicKey() {
    return dir.resolve("sa.pub");
  }

  private void generate() {
    try {
      Files.createDirectories(dir);
      openssl(
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "30",
          "-subj",
          "/CN=costguard-test-ca",
          "-keyout",
          caKey(),
          "-out",
          caCert());
      Path ext = dir.resolve("apiserver.ext");
      Files.writeString(
          ext,
          """
          basicConstraints=CA:FALSE
          keyUsage=digitalSignature,keyEncipherment
          extendedKeyUsage=serverAuth
          subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:10.96.0.1
          """);
      signed("apiserver", "/CN=kube-apiserver", ext);
      Path clientExt = dir.resolve("client.ext");
      Files.writeString(
          clientExt,
          """
          basicConstraints=CA:FALSE
          keyUsage=digitalSignature,keyEncipherment
          extendedKeyUsage=clientAuth
          """);
      signed("admin", "/O=system:masters/CN=costguard-test-admin", clientExt);
      openssl("genrsa", "-out", serviceAccountKey(), "2048");
      openssl("rsa", "-in", serviceAccountKey(), "-pubout", "-out", serviceAccountPublicKey());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void signed(String name, String subject, Path extensions) {
    Path key = dir.resolve(name + ".key");
    Path csr = dir.resolve(name + ".csr");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", key, "-out", csr);
    openssl(
        "x509",
        "-req",
        "-in",
        csr,
        "-CA",
        caCert(),
        "-CAkey",
        caKey(),
        "-CAcreateserial",
        "-days",
        "30",
        "-extfile",
        extensions,
        "-out",
        dir.resolve(name + ".crt"));
  }

  private void openssl(Object... args) {
    List<String> command = new ArrayList<>(List.of("openssl"));
    for (Object arg : args) {
      command.add(arg.toString());
    }
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "openssl is needed to make the control plane's certificates", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
