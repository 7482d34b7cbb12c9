package org.fgsbir.jobs.cli;

import java.util.ArrayList;
import java.util.List;
import org.fgsbir.jobs.config.ConfFiles;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.ConfigException;
import org.fgsbir.jobs.config.ConfigLoader;
import org.fgsbir.jobs.config.DefaultsFile;
import org.fgsbir.jobs.config.Layer;
import org.fgsbir.jobs.config.Setting;
import org.fgsbir.jobs.config.Settings;

/** Help texts, generated from the commands and the settings registry. */
public final class Help {
  private Help() {}

  static final int WIDTH = 100;

  /** The overview: usage and the command list ({@code generate-samples} and {@code help} added). */
  public static String overview(List<Command> commands) {
    StringBuilder text = new StringBuilder();
    text.append("Usage: fgsbir <command> [options]\n\n");
    text.append("Fine-grained sketch-based image retrieval on Apache Spark.\n\nCommands:\n");
    for (Command command : commands) {
      text.append(String.format("  %-17s %s%n", command.name(), command.summary()));
    }
    text.append(String.format("  %-17s %s%n", "generate-samples", "Writes a synthetic sample catalogue and "
        + "sketches (its own options: generate-samples --help)."));
    text.append(String.format("  %-17s %s%n", "train", "Trains the two-branch TensorFlow model on a sample "
        + "catalogue and exports a SavedModel (its own options: train --help)."));
    text.append(String.format("  %-17s %s%n", "bench", "Benchmarks: 'bench scoring' times the exact scoring job "
        + "against the kernel peak, MLlib LSH and a SQL cross join (bench scoring --help)."));
    text.append(String.format("  %-17s %s%n", "help", "Prints this overview; 'help <command>' a command's options, "
        + "'help settings' every setting."));
    text.append("\nRun 'fgsbir <command> --help' for a command's options.\n");
    return text.toString();
  }

  /**
   * A command's help: usage, description, its options and the common ones. Values shown are the ones in
   * effect from the conf files (without the command line), so the help tells what a run would use.
   */
  public static String command(Command command, ConfFiles confFiles, String home) {
    Config effective = null;
    String confProblem = null;
    try {
      effective = ConfigLoader.load(confFiles, command.jobFile(), null, Layer.empty("none"), home);
    } catch (ConfigException e) {
      confProblem = e.getMessage();
    }
    StringBuilder text = new StringBuilder();
    text.append("Usage: fgsbir ").append(command.name()).append(" [options]\n\n");
    wrap(text, command.description(), "");
    text.append("\nOptions:\n");
    for (OptionSpec option : command.options()) {
      appendOption(text, option, effective);
    }
    text.append("\nCommon options:\n");
    for (OptionSpec option : CommonOptions.ALL) {
      appendOption(text, option, null);
    }
    text.append('\n');
    wrap(text, "Settings are layered: built-in defaults, then " + ConfigLoader.DEFAULTS_FILE + ", then "
        + command.jobFile() + ", then the command line (options and --set). Conf files are read from "
        + confFiles.describe() + ". Values in [..] are those in effect before the command line.", "");
    if (confProblem != null) {
      wrap(text, "Note: the conf files could not be used: " + confProblem, "");
    }
    return text.toString();
  }

  /** Every setting with its default, what is allowed and its help. */
  public static String settings() {
    StringBuilder text = new StringBuilder();
    text.append("Settings (conf files, --set KEY=VALUE). An empty value means not set; ${key} and ")
        .append("${fgsbir.home} refer to another setting and to the project root.\n\n");
    for (Setting<?> setting : Settings.all()) {
      text.append(DefaultsFile.assignment(setting)).append('\n');
      wrap(text, setting.help() + " Allowed: " + setting.allowed() + ".", "    ");
    }
    return text.toString();
  }

  private static void appendOption(StringBuilder text, OptionSpec option, Config effective) {
    text.append("  ").append(option.flag());
    if (option.takesValue()) {
      text.append(' ').append(option.valueName());
    }
    text.append('\n');
    Setting<?> setting = option.setting();
    if (setting == null) {
      wrap(text, option.help(), "      ");
      return;
    }
    String value;
    if (effective == null) {
      value = setting.defaultValue();
    } else {
      value = effective.raw(setting);
      if (!effective.origin(setting).equals("default")) {
        value += " (from " + effective.origin(setting) + ")";
      }
    }
    wrap(text, setting.help(), "      ");
    // Unwrapped, so a key and its value stay on one line for grep.
    text.append("      [").append(setting.name()).append(" = ").append(value.isEmpty() ? "<not set>" : value)
        .append("]\n");
  }

  /** Appends {@code paragraph} wrapped at {@link #WIDTH} columns, each line prefixed by {@code indent}. */
  static void wrap(StringBuilder text, String paragraph, String indent) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder(indent);
    for (String word : paragraph.split(" ")) {
      if (line.length() > indent.length() && line.length() + 1 + word.length() > WIDTH) {
        lines.add(line.toString());
        line = new StringBuilder(indent);
      }
      if (line.length() > indent.length()) {
        line.append(' ');
      }
      line.append(word);
    }
    lines.add(line.toString());
    lines.forEach(l -> text.append(l).append('\n'));
  }
}
