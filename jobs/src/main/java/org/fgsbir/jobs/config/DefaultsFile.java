package org.fgsbir.jobs.config;

/**
 * Renders {@code conf/defaults.properties} from the registry: every key, commented out at its built-in
 * default, with its help. A test compares the checked-in file with this text.
 */
public final class DefaultsFile {
  private DefaultsFile() {}

  /** The text of {@code conf/defaults.properties}. */
  public static String render() {
    StringBuilder text = new StringBuilder();
    text.append("""
        # fgsbir settings read by every command: each key, commented out at its built-in default.
        # Uncomment and edit a line to change it for every command.
        #
        # Precedence, highest first: the command line (options such as --top-k, and --set KEY=VALUE), the
        # environment's file (env/NAME.properties with --env NAME: local, cluster, gpu), the command's own
        # file (embed-catalogue.properties, score-sketches.properties, report.properties, demo.properties),
        # this file, the built-in defaults. Unknown keys are errors; keys starting with spark. are Spark
        # properties, passed to the session (--conf on the command line wins over them).
        # The conf folder is the first of: --conf-dir DIR, $FGSBIR_CONF_DIR, <project root>/conf (bin/fgsbir
        # sets the project root), the copies bundled in the jobs jar.
        # A value may refer to another setting or to the project root: ${output.dir}, ${fgsbir.home}.
        # Relative local paths are relative to the current folder; an empty value means "not set".
        #
        # Generated from org.fgsbir.jobs.config.Settings ('fgsbir help settings' prints the same); after
        # changing the registry run: mvn -pl jobs -am test -Dtest=DefaultsFileTest -Dfgsbir.regenerateGolden=true
        """);
    String group = "";
    for (Setting<?> setting : Settings.all()) {
      String settingGroup = setting.name().substring(0, setting.name().indexOf('.'));
      if (!settingGroup.equals(group)) {
        group = settingGroup;
        text.append("\n# --- ").append(group).append(" ---\n");
      }
      text.append("\n# ").append(setting.help()).append('\n');
      text.append("# Allowed: ").append(setting.allowed()).append(".\n");
      text.append('#').append(assignment(setting)).append('\n');
    }
    return text.toString();
  }

  /** {@code key = default}, or {@code key =} when there is no default. */
  public static String assignment(Setting<?> setting) {
    return setting.name() + " =" + (setting.defaultValue().isEmpty() ? "" : " " + setting.defaultValue());
  }
}
