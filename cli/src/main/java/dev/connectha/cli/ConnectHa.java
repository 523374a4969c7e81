package dev.connectha.cli;

import dev.connectha.errors.BackupSetNotFoundException;
import dev.connectha.errors.ClusterNotFoundException;
import dev.connectha.errors.ConnectHaException;
import dev.connectha.errors.InvalidInputException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code connectha}, the operator's command line: a cluster's status, its backup sets and past
 * executions, and the workflows started with a well-formed input and followed to their end (or an
 * execution started elsewhere, followed).
 * Exit codes: 0 success, 1 failed, 2 bad input (nothing started), 3 halted.
 */
@Command(name = "connectha", mixinStandardHelpOptions = true, version = "connectha 0.1.0", scope = ScopeType.INHERIT,
    description = "Operate Posit Connect clusters through the connect-ha control plane.",
    subcommands = {StatusCommand.class, StartCommands.Preflight.class, StartCommands.Backup.class,
        StartCommands.Restore.class, StartCommands.Upgrade.class, StartCommands.Provision.class,
        StartCommands.Retire.class, StartCommands.EnsureCapacity.class, BackupsCommand.class, HistoryCommand.class,
        FollowCommand.class})
public final class ConnectHa {
  public static final int FAILED = 1;
  public static final int BAD_INPUT = 2;

  @Option(names = "--stack", defaultValue = "connect-ha", scope = ScopeType.INHERIT,
      description = "the CloudFormation stack of the control plane (default: ${DEFAULT-VALUE})")
  String stack;

  @Option(names = "--endpoint", scope = ScopeType.INHERIT, paramLabel = "URL",
      description = "one endpoint for every AWS service (e.g. a local cloud's)")
  URI endpoint;

  @Option(names = "--region", scope = ScopeType.INHERIT, description = "the AWS region (default: the SDK's chain)")
  String region;

  @Option(names = "--local", arity = "0..1", fallbackValue = "", scope = ScopeType.INHERIT, paramLabel = "FILE",
      description = "the running local cloud (its connection file, default localcloud/target/localcloud/connectha.json)")
  String local;

  @Option(names = "--json", scope = ScopeType.INHERIT, description = "machine-readable output")
  boolean json;

  @Option(names = "--debug", scope = ScopeType.INHERIT, description = "stack traces on errors")
  boolean debug;

  final Function<Cloud.Target, Cloud> connector;
  final PrintStream out;
  final Clock clock;
  final boolean terminal;
  final Duration pollInterval;

  ConnectHa(Function<Cloud.Target, Cloud> connector, PrintStream out, Clock clock, boolean terminal, Duration pollInterval) {
    this.connector = connector;
    this.out = out;
    this.clock = clock;
    this.terminal = terminal;
    this.pollInterval = pollInterval;
  }

  public static void main(String[] args) {
    System.exit(run(args, Cloud::connect, System.out, System.err, System.console() != null, Duration.ofSeconds(2)));
  }

  /**
   * Runs one command line and returns its exit code. {@code connector} is the only way to AWS: a
   * command calls it after its options were checked, so bad input never reaches it.
   */
  public static int run(String[] args, Function<Cloud.Target, Cloud> connector, PrintStream out, PrintStream err,
      boolean terminal, Duration pollInterval) {
    ConnectHa app = new ConnectHa(connector, out, Clock.systemUTC(), terminal, pollInterval);
    CommandLine line = new CommandLine(app);
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    line.setParameterExceptionHandler((e, argv) -> {
      err.println(InvalidInputException.class.getName() + ": " + e.getMessage());
      return BAD_INPUT;
    });
    line.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (app.debug) {
        e.printStackTrace(err);
      }
      String name = e instanceof ConnectHaException ? e.getClass().getName() : e.getClass().getSimpleName();
      String message = String.valueOf(e.getMessage());
      if (message.contains("Unable to load credentials")) { // the SDK lists every provider it tried, on one very long line
        message = "no AWS credentials: the default chain (environment, profile, SSO, container, instance role) found none";
      }
      err.println(name + ": " + message + (app.debug ? "" : " (--debug for details)"));
      return e instanceof InvalidInputException || e instanceof ClusterNotFoundException
          || e instanceof BackupSetNotFoundException ? BAD_INPUT : FAILED;
    });
    return line.execute(args);
  }

  /** Connects as the global options say. */
  Cloud connect() {
    Optional<Path> localFile = Optional.ofNullable(local).map(f -> f.isEmpty() ? defaultLocalFile() : Path.of(f));
    return connector.apply(new Cloud.Target(stack, Optional.ofNullable(endpoint), Optional.ofNullable(region), localFile));
  }

  /** The local cloud's file under the project root (the nearest directory above with a template.yaml). */
  private static Path defaultLocalFile() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve("template.yaml"))) {
        return d.resolve(Cloud.LOCAL_FILE);
      }
    }
    return Cloud.LOCAL_FILE;
  }
}
