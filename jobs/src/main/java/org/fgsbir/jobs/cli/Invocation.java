package org.fgsbir.jobs.cli;

import java.io.PrintStream;
import java.util.Map;
import org.fgsbir.jobs.config.ConfFiles;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.ConfigLoader;

/**
 * One run of a command: what was parsed, the resolved configuration and where to print.
 *
 * @param command the command being run
 * @param args its parsed arguments
 * @param home the project root ({@code fgsbir.home}, else the current folder)
 * @param environment the process environment
 * @param out where results go
 * @param err where progress notes and errors go
 */
public record Invocation(
    Command command, ParsedArgs args, String home, Map<String, String> environment, PrintStream out,
    PrintStream err) {

  /** Where the conf files are read from for this run. */
  public ConfFiles confFiles() {
    return ConfFiles.locate(args.confDir(), environment, home);
  }

  /**
   * Loads and validates the settings: defaults, the command's job file, the {@code --env} file, then the
   * command line.
   *
   * @throws org.fgsbir.jobs.config.ConfigException for unknown keys and bad values
   */
  public Config config() {
    return ConfigLoader.load(confFiles(), command.jobFile(), args.env(), args.commandLine(), home);
  }
}
