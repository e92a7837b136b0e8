package dev.costguard.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The kubectl built with the control plane, run against it as a person would. */
public record Kubectl(Path binary, Path kubeconfig) {

  public record Result(int exitCode, String output) {
    public Result ok() {
      if (exitCode != 0) {
        throw new AssertionError("kubectl failed (" + exitCode + "): " + output);
      }
      return this;
    }
  }

  /** Runs kubectl with the arguments; stdin is the given text (or nothing). */
  public Result runWithInput(String stdin, String... args) {
    List<String> command =
        new ArrayList<>(List.of(binary.toString(), "--kubeconfig", kubeconfig.toString()));
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("kubectl timed out: " + command);
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  public Result run(String... args) {
    return runWithInput(null, args);
  }
}
