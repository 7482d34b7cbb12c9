package org.fgsbir.jobs.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Layers setting values and resolves them into a {@link Config}.
 *
 * <p>Precedence, lowest first: the registry's built-in defaults, {@code defaults.properties}, the job's
 * own file (e.g. {@code score-sketches.properties}), the environment's file ({@code env/<name>.properties}
 * with {@code --env NAME}), then the command line ({@code --set key=value} and options such as
 * {@code --top-k}). Every key in every layer must be a registry key, or a Spark property
 * ({@code spark.*}), which is passed to the Spark session (the command line's {@code --conf} wins). A value may refer
 * to another setting or to the project root as {@code ${output.dir}} or {@code ${fgsbir.home}}; the
 * reference sees the final (highest-precedence) value of that setting. Every value is parsed and
 * validated here, on the driver, before any Spark work starts.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** The file with site-wide values, read for every command. */
  public static final String DEFAULTS_FILE = "defaults.properties";
  /** The reference that expands to the project root. */
  public static final String HOME_REFERENCE = "fgsbir.home";

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");

  /** Prefix of the keys that are Spark properties rather than fgsbir settings. */
  public static final String SPARK_PREFIX = "spark.";

  /**
   * Reads {@code defaults.properties}, {@code jobFile} and the environment's file from {@code files}, puts
   * {@code commandLine} on top and resolves the result.
   *
   * @param jobFile the job's file name, e.g. {@code demo.properties}; null for none
   * @param environment the environment name ({@code --env}), e.g. {@code cluster}; null for none
   * @param home the project root that {@code ${fgsbir.home}} expands to
   * @throws ConfigException for an environment without a file, unknown keys and bad values
   */
  public static Config load(ConfFiles files, String jobFile, String environment, Layer commandLine, String home) {
    Layer defaults = files.read(DEFAULTS_FILE);
    Layer job = jobFile == null ? Layer.empty("no job file") : files.read(jobFile);
    Layer env = environment == null ? Layer.empty("no environment") : files.readEnvironment(environment);
    return resolve(List.of(defaults, job, env, commandLine), home);
  }

  /** Resolves {@code layers} (lowest precedence first) over the built-in defaults. */
  public static Config resolve(List<Layer> layers, String home) {
    Map<String, Layer.Entry> merged = new LinkedHashMap<>();
    for (Setting<?> setting : Settings.all()) {
      merged.put(setting.name(), new Layer.Entry(setting.defaultValue(), "default"));
    }
    Map<String, Layer.Entry> spark = new LinkedHashMap<>();
    for (Layer layer : layers) {
      layer.entries().forEach((key, entry) -> {
        if (key.startsWith(SPARK_PREFIX)) {
          spark.put(key, entry);
          return;
        }
        if (Settings.byName(key).isEmpty()) {
          throw unknownKey(key, entry.origin());
        }
        merged.put(key, entry);
      });
    }
    Map<String, String> resolved = new LinkedHashMap<>();
    for (String name : merged.keySet()) {
      resolveReferences(name, merged, resolved, home, new ArrayDeque<>());
    }
    Map<String, Config.Value> values = new LinkedHashMap<>();
    for (Setting<?> setting : Settings.all()) {
      String raw = resolved.get(setting.name());
      String origin = merged.get(setting.name()).origin();
      values.put(setting.name(), new Config.Value(raw, origin, setting.parse(raw, origin)));
    }
    return new Config(values, spark);
  }

  /** The message for a key that is not in the registry, with the known keys and a likely fix. */
  public static ConfigException unknownKey(String key, String origin) {
    String hint = Settings.closestKey(key).map(k -> " Did you mean " + k + "?").orElse("");
    return new ConfigException("Unknown setting '" + key + "' (from " + origin + ")." + hint
        + " Known settings: " + Settings.knownKeys() + " (and Spark properties, spark.*).");
  }

  private static String resolveReferences(String name, Map<String, Layer.Entry> merged,
      Map<String, String> resolved, String home, Deque<String> stack) {
    String done = resolved.get(name);
    if (done != null) {
      return done;
    }
    Layer.Entry entry = merged.get(name);
    if (stack.contains(name)) {
      throw new ConfigException("Settings refer to each other in a loop: " + String.join(" -> ", stack) + " -> "
          + name + " (from " + entry.origin() + "); make one of them a plain value.");
    }
    stack.addLast(name);
    Matcher matcher = REFERENCE.matcher(entry.value());
    StringBuilder text = new StringBuilder();
    while (matcher.find()) {
      String reference = matcher.group(1).trim();
      String replacement;
      if (reference.equals(HOME_REFERENCE)) {
        replacement = home;
      } else if (merged.containsKey(reference)) {
        replacement = resolveReferences(reference, merged, resolved, home, stack);
      } else {
        throw new ConfigException("Unknown reference ${" + reference + "} in " + name + " (from " + entry.origin()
            + "); a reference names " + HOME_REFERENCE + " or a setting such as ${output.dir}.");
      }
      matcher.appendReplacement(text, Matcher.quoteReplacement(replacement));
    }
    matcher.appendTail(text);
    stack.removeLast();
    String value = text.toString().trim();
    resolved.put(name, value);
    return value;
  }
}
