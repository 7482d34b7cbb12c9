package org.fgsbir.jobs;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.fgsbir.core.samples.SampleCatalogueGenerator;
import org.fgsbir.jobs.bench.ScoringBench;
import org.fgsbir.jobs.cli.Command;
import org.fgsbir.jobs.cli.Help;
import org.fgsbir.jobs.cli.Invocation;
import org.fgsbir.jobs.cli.JobCommands;
import org.fgsbir.jobs.cli.ParsedArgs;
import org.fgsbir.jobs.cli.UsageException;
import org.fgsbir.jobs.config.ConfFiles;
import org.fgsbir.jobs.config.ConfigException;
import org.fgsbir.jobs.config.Settings;
import org.fgsbir.jobs.tf.Trainer;

/**
 * The single entry point: {@code fgsbir <command> [options]} (bin/fgsbir, or spark-submit of the app jar
 * with this main class). Exit codes: 0 done, 2 usage or configuration error (nothing ran), 1 the job
 * failed. Errors are one line on stderr; {@code --verbose} adds the stack trace.
 */
public final class Cli {
  private Cli() {}

  /** Exit code of a successful run. */
  public static final int OK = 0;
  /** Exit code when a job failed while running. */
  public static final int JOB_FAILED = 1;
  /** Exit code of a usage or configuration error, found before any work started. */
  public static final int USAGE = 2;

  /** System property with the project root; bin/fgsbir sets it. */
  public static final String HOME_PROPERTY = "fgsbir.home";

  private static final String GENERATE_SAMPLES = "generate-samples";
  private static final String TRAIN = "train";
  private static final String BENCH = "bench";

  /** Runs the command and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command line and returns the exit code, printing to {@code out} and {@code err}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return run(args, out, err, System.getenv(), home());
  }

  /** As {@link #run(String[], PrintStream, PrintStream)} with an explicit environment and project root. */
  static int run(String[] args, PrintStream out, PrintStream err, Map<String, String> environment, String home) {
    List<Command> commands = commands();
    if (args.length == 0) {
      err.print(Help.overview(commands));
      return USAGE;
    }
    String name = args[0];
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    boolean verbose = rest.contains("--verbose");
    try {
      if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
        return help(commands, rest, out, environment, home);
      }
      if (name.equals(GENERATE_SAMPLES)) {
        // Same exit codes (0, 1 write failure, 2 usage); its options are its own.
        return SampleCatalogueGenerator.run(rest.toArray(String[]::new), out, err);
      }
      if (name.equals(TRAIN)) {
        return Trainer.run(rest.toArray(String[]::new), out, err);
      }
      if (name.equals(BENCH)) {
        return ScoringBench.run(rest.toArray(String[]::new), out, err);
      }
      Command command = find(commands, name);
      ParsedArgs parsed = ParsedArgs.parse(command, rest);
      if (parsed.help()) {
        out.print(Help.command(command, ConfFiles.locate(parsed.confDir(), environment, home), home));
        return OK;
      }
      return command.action().run(new Invocation(command, parsed, home, environment, out, err));
    } catch (UsageException e) {
      err.println("fgsbir " + name + ": " + e.getMessage() + hint(commands, name));
      trace(err, e, verbose);
      return USAGE;
    } catch (ConfigException e) {
      err.println("fgsbir " + name + ": " + e.getMessage());
      trace(err, e, verbose);
      return USAGE;
    } catch (Exception | Error e) {
      err.println("fgsbir " + name + ": failed: " + describe(e)
          + (verbose ? "" : " (--verbose prints the stack trace)"));
      trace(err, e, verbose);
      return JOB_FAILED;
    }
  }

  /** The Spark commands, in the order help lists them ({@code generate-samples} and {@code help} aside). */
  static List<Command> commands() {
    return List.of(DemoCommand.command(), JobCommands.embedCatalogue(), JobCommands.scoreSketches(),
        JobCommands.report(), SanityShoeV2Command.command());
  }

  private static int help(List<Command> commands, List<String> topics, PrintStream out,
      Map<String, String> environment, String home) {
    if (topics.isEmpty()) {
      out.print(Help.overview(commands));
      return OK;
    }
    String topic = topics.get(0);
    if (topic.equals("settings")) {
      out.print(Help.settings());
      return OK;
    }
    if (topic.equals(GENERATE_SAMPLES)) {
      return SampleCatalogueGenerator.run(new String[] {"--help"}, out, out);
    }
    if (topic.equals(TRAIN)) {
      return Trainer.run(new String[] {"--help"}, out, out);
    }
    if (topic.equals(BENCH)) {
      return ScoringBench.run(new String[] {"--help"}, out, out);
    }
    Command command = find(commands, topic);
    out.print(Help.command(command, ConfFiles.locate(null, environment, home), home));
    return OK;
  }

  private static Command find(List<Command> commands, String name) {
    Optional<Command> command = commands.stream().filter(c -> c.name().equals(name)).findFirst();
    if (command.isPresent()) {
      return command.get();
    }
    List<String> names = new ArrayList<>(commands.stream().map(Command::name).toList());
    names.add(GENERATE_SAMPLES);
    names.add(TRAIN);
    names.add(BENCH);
    String guess = Settings.closest(name, names).map(n -> "did you mean " + n + "? ").orElse("");
    throw new UsageException("unknown command '" + name + "'; " + guess + "commands: " + String.join(", ", names)
        + ", help");
  }

  private static String hint(List<Command> commands, String name) {
    boolean known = commands.stream().anyMatch(c -> c.name().equals(name));
    return known ? " (see 'fgsbir " + name + " --help')" : " (see 'fgsbir help')";
  }

  /**
   * One line for a failure: the deepest cause's first line (Spark wraps task failures; the cause says
   * what went wrong), with its type unless it is one of ours.
   */
  static String describe(Throwable failure) {
    Throwable root = failure;
    int depth = 0;
    for (Throwable t = failure; t != null && depth++ < 20; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        root = t;
      }
    }
    String message = root.getMessage() == null ? "" : root.getMessage().strip().lines().findFirst().orElse("");
    boolean ours = root.getClass().getName().startsWith("org.fgsbir.")
        || root instanceof IllegalArgumentException || root instanceof IllegalStateException;
    if (message.isEmpty()) {
      return root.getClass().getName();
    }
    return ours ? message : root.getClass().getSimpleName() + ": " + message;
  }

  private static void trace(PrintStream err, Throwable e, boolean verbose) {
    if (verbose) {
      e.printStackTrace(err);
    }
  }

  private static String home() {
    String home = System.getProperty(HOME_PROPERTY);
    return home != null && !home.isBlank() ? Path.of(home).toAbsolutePath().normalize().toString()
        : Path.of("").toAbsolutePath().toString();
  }
}
