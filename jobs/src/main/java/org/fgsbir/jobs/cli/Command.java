package org.fgsbir.jobs.cli;

import java.util.List;
import java.util.Optional;

/**
 * One {@code fgsbir} command: its name, help, job file and options, and what it does.
 *
 * @param name the command word, e.g. {@code score-sketches}
 * @param summary one line for the command list
 * @param description a paragraph for the command's own help
 * @param jobFile the conf file layered over {@code defaults.properties}, e.g. {@code demo.properties}
 * @param options the command's own options (the common ones are added by the parser and help)
 * @param action what runs once the command line is parsed
 */
public record Command(
    String name, String summary, String description, String jobFile, List<OptionSpec> options, Action action) {

  /** The work of a command. */
  @FunctionalInterface
  public interface Action {
    /**
     * Runs the command.
     *
     * @return the process exit code
     */
    int run(Invocation invocation) throws Exception;
  }

  /** Copies the options. */
  public Command {
    options = List.copyOf(options);
  }

  /** The option spelled {@code flag}, if this command has it. */
  public Optional<OptionSpec> option(String flag) {
    return options.stream().filter(o -> o.flag().equals(flag)).findFirst();
  }
}
