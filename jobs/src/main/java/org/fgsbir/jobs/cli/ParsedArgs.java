package org.fgsbir.jobs.cli;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.fgsbir.jobs.config.ConfigLoader;
import org.fgsbir.jobs.config.Layer;
import org.fgsbir.jobs.config.Settings;

/**
 * A parsed command line of one command: the settings it sets (the top configuration layer) and the
 * built-in options.
 *
 * @param commandLine settings from the command's options and {@code --set}, later ones winning
 * @param confDir the {@code --conf-dir} value, or null
 * @param env the {@code --env} value (an environment of {@code conf/env/}), or null
 * @param master the {@code --master} value, or null (then {@code spark.master} from {@code --conf}, else
 *     {@code local[*]})
 * @param sparkConf {@code --conf} properties in order, later ones winning
 * @param dryRun whether {@code --dry-run} was given
 * @param verbose whether {@code --verbose} was given
 * @param help whether {@code --help} or {@code -h} was given
 */
public record ParsedArgs(Layer commandLine, String confDir, String env, String master, Map<String, String> sparkConf,
    boolean dryRun, boolean verbose, boolean help) {

  private static final Pattern MASTER = Pattern.compile(
      "local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?])?|local-cluster\\[[0-9, ]+]|spark://\\S+|yarn|k8s://\\S+");
  private static final Pattern SPARK_KEY = Pattern.compile("spark\\.[A-Za-z0-9_.-]+");

  /** Copies the map. */
  public ParsedArgs {
    sparkConf = Collections.unmodifiableMap(new LinkedHashMap<>(sparkConf));
  }

  /**
   * Parses the arguments that follow the command word. Options take their value as the next argument
   * or after {@code =} ({@code --top-k 5}, {@code --top-k=5}).
   *
   * @throws UsageException for an unknown option, a missing value or a malformed one
   */
  public static ParsedArgs parse(Command command, List<String> args) {
    Map<String, Layer.Entry> settings = new LinkedHashMap<>();
    Map<String, String> sparkConf = new LinkedHashMap<>();
    String confDir = null;
    String env = null;
    String master = null;
    boolean dryRun = false;
    boolean verbose = false;
    boolean help = false;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("-h")) {
        help = true;
        continue;
      }
      if (!arg.startsWith("--")) {
        throw new UsageException("unexpected argument '" + arg + "'; " + command.name()
            + " takes only options (--name value)");
      }
      int equals = arg.indexOf('=');
      String flag = equals < 0 ? arg : arg.substring(0, equals);
      String inlineValue = equals < 0 ? null : arg.substring(equals + 1);
      Optional<OptionSpec> own = command.option(flag);
      Optional<OptionSpec> common = CommonOptions.ALL.stream().filter(o -> o.flag().equals(flag)).findFirst();
      OptionSpec spec = own.or(() -> common).orElseThrow(() -> unknownOption(command, flag));
      String value = null;
      if (spec.takesValue()) {
        if (inlineValue != null) {
          value = inlineValue;
        } else if (i + 1 < args.size() && !looksLikeOption(args.get(i + 1))) {
          value = args.get(++i);
        } else {
          throw new UsageException(flag + " needs a value (" + flag + " " + spec.valueName() + ")");
        }
      } else if (inlineValue != null) {
        throw new UsageException(flag + " takes no value but got '" + inlineValue + "'");
      }
      if (spec.setting() != null) {
        settings.remove(spec.setting().name()); // keep the winner last, in command-line order
        settings.put(spec.setting().name(), new Layer.Entry(value, flag));
        continue;
      }
      switch (flag) {
        case CommonOptions.SET -> {
          String[] pair = keyValue(flag, value, "KEY=VALUE");
          if (Settings.byName(pair[0]).isEmpty()) {
            throw ConfigLoader.unknownKey(pair[0], "--set " + value);
          }
          settings.remove(pair[0]);
          settings.put(pair[0], new Layer.Entry(pair[1], "--set " + pair[0]));
        }
        case CommonOptions.CONF_DIR -> confDir = value;
        case CommonOptions.ENV -> env = value;
        case CommonOptions.MASTER -> {
          if (!MASTER.matcher(value).matches()) {
            throw new UsageException("bad --master '" + value + "'; use local, local[N], local[*], "
                + "spark://HOST:PORT, yarn or k8s://URL");
          }
          master = value;
        }
        case CommonOptions.SPARK_CONF -> {
          String[] pair = keyValue(flag, value, "spark.KEY=VALUE");
          if (!SPARK_KEY.matcher(pair[0]).matches()) {
            throw new UsageException("--conf '" + value + "' is not a Spark property; write --conf spark.KEY=VALUE "
                + "(fgsbir settings go in --set KEY=VALUE)");
          }
          sparkConf.remove(pair[0]);
          sparkConf.put(pair[0], pair[1]);
        }
        case CommonOptions.DRY_RUN -> dryRun = true;
        case CommonOptions.VERBOSE -> verbose = true;
        case CommonOptions.HELP -> help = true;
        default -> throw new IllegalStateException("option without a handler: " + flag);
      }
    }
    return new ParsedArgs(new Layer("command line", settings), confDir, env, master, sparkConf, dryRun, verbose, help);
  }

  private static boolean looksLikeOption(String arg) {
    return arg.startsWith("--") || arg.equals("-h");
  }

  private static String[] keyValue(String flag, String value, String form) {
    int equals = value.indexOf('=');
    if (equals <= 0) {
      throw new UsageException(flag + " '" + value + "' is not " + form);
    }
    return new String[] {value.substring(0, equals).trim(), value.substring(equals + 1)};
  }

  private static UsageException unknownOption(Command command, String flag) {
    List<String> flags = new ArrayList<>();
    command.options().forEach(o -> flags.add(o.flag()));
    CommonOptions.ALL.forEach(o -> flags.add(o.flag()));
    String hint = Settings.closest(flag, flags).map(f -> "did you mean " + f + "? ").orElse("");
    return new UsageException("unknown option " + flag + " for " + command.name() + "; " + hint
        + "options: " + String.join(", ", flags));
  }
}
