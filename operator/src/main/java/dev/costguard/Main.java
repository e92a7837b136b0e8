package dev.costguard;

import dev.costguard.operator.BuildInfo;
import dev.costguard.operator.RunCommand;
import dev.costguard.report.ReportCommand;
import dev.costguard.sandbox.SandboxCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code costguard run} (the default) operates a cluster; {@code costguard report} prints budgets,
 * savings and top spenders; {@code costguard sandbox} brings its own cluster.
 */
@Command(
    name = "costguard",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Kubernetes operator that keeps AI workloads inside their money.",
    subcommands = {RunCommand.class, ReportCommand.class, SandboxCommand.class})
public final class Main implements Runnable {
  public static void main(String[] args) {
    String[] effective = args.length == 0 ? new String[] {"run"} : args;
    System.exit(new CommandLine(new Main()).execute(effective));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {BuildInfo.current().toString()};
    }
  }
}
