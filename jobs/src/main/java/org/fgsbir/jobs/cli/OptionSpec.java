package org.fgsbir.jobs.cli;

import org.fgsbir.jobs.config.Setting;

/**
 * A command-line option of a command. Options that stand for a setting ({@code --top-k} for
 * {@code score.top-k}) take their help from the setting, so the registry stays the one source.
 *
 * @param flag the option, e.g. {@code --top-k}
 * @param valueName the placeholder shown in help, e.g. {@code N}; null for a flag without a value
 * @param setting the setting it sets, or null for a built-in option
 * @param help help for built-in options; null when it comes from the setting
 */
public record OptionSpec(String flag, String valueName, Setting<?> setting, String help) {

  /** An option that sets {@code setting}. */
  public static OptionSpec of(String flag, String valueName, Setting<?> setting) {
    return new OptionSpec(flag, valueName, setting, null);
  }

  /** A built-in option (not a setting). */
  public static OptionSpec builtIn(String flag, String valueName, String help) {
    return new OptionSpec(flag, valueName, null, help);
  }

  /** Whether the option is followed by a value. */
  public boolean takesValue() {
    return valueName != null;
  }
}
