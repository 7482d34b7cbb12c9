package org.fgsbir.jobs.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.Properties;

/**
 * Where conf files are read from: one folder, or the copies bundled in the jobs jar. The whole set comes
 * from one place (no per-file mixing), chosen in this order:
 * <ol>
 *   <li>{@code --conf-dir DIR} on the command line;
 *   <li>the environment variable {@code FGSBIR_CONF_DIR};
 *   <li>{@code <fgsbir.home>/conf} when that folder exists (bin/fgsbir sets {@code fgsbir.home} to the
 *       project root, so edits to {@code conf/} apply without a rebuild);
 *   <li>the copies bundled in the jar under {@code fgsbir/conf/} (spark-submit of the app jar).
 * </ol>
 * A file missing from the chosen place is an empty layer.
 */
public final class ConfFiles {
  /** Environment variable naming a conf folder. */
  public static final String CONF_DIR_ENV = "FGSBIR_CONF_DIR";
  /** Classpath folder holding the bundled conf files. */
  public static final String BUNDLED_PREFIX = "fgsbir/conf/";
  /** Sub-folder of the conf folder holding one {@code <name>.properties} per environment. */
  public static final String ENV_FOLDER = "env";
  /** The environments shipped in {@code conf/env} (and bundled in the jar). */
  public static final List<String> SHIPPED_ENVIRONMENTS = List.of("local", "cluster", "gpu");

  private final Path directory;

  private ConfFiles(Path directory) {
    this.directory = directory;
  }

  /** Conf files read from {@code directory}. */
  public static ConfFiles directory(Path directory) {
    return new ConfFiles(directory.toAbsolutePath().normalize());
  }

  /** The conf files bundled in the jar. */
  public static ConfFiles bundled() {
    return new ConfFiles(null);
  }

  /**
   * Picks the conf location (see the class comment).
   *
   * @param confDirOption the {@code --conf-dir} value, or null
   * @param environment the process environment
   * @param home the project root, or null when unknown
   * @throws ConfigException when an explicitly named folder does not exist
   */
  public static ConfFiles locate(String confDirOption, Map<String, String> environment, String home) {
    if (confDirOption != null) {
      return existing(confDirOption, "--conf-dir");
    }
    String fromEnvironment = environment.get(CONF_DIR_ENV);
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return existing(fromEnvironment, "environment variable " + CONF_DIR_ENV);
    }
    if (home != null) {
      Path conf = Path.of(home, "conf");
      if (Files.isDirectory(conf)) {
        return directory(conf);
      }
    }
    return bundled();
  }

  private static ConfFiles existing(String folder, String source) {
    Path path = Path.of(folder);
    if (!Files.isDirectory(path)) {
      throw new ConfigException("Conf folder " + path.toAbsolutePath().normalize() + " (from " + source
          + ") does not exist or is not a folder; point it at a folder holding " + ConfigLoader.DEFAULTS_FILE
          + " and the job files.");
    }
    return directory(path);
  }

  /**
   * Reads {@code env/<name>.properties}, the layer of one deployment environment (e.g. {@code local},
   * {@code cluster}, {@code gpu}).
   *
   * @throws ConfigException when the name is malformed or there is no such file; the message lists the
   *     environments there are
   */
  public Layer readEnvironment(String name) {
    if (!name.matches("[a-z0-9][a-z0-9_-]{0,31}")) {
      throw new ConfigException("Environment name '" + name + "' must be 1 to 32 lower-case letters, digits, '_'"
          + " or '-'; environments in " + describe() + ": " + environments() + ".");
    }
    if (!environments().contains(name)) {
      throw new ConfigException("Unknown environment '" + name + "': there is no " + ENV_FOLDER + "/" + name
          + ".properties in " + describe() + "; environments: " + environments() + ". Create that file or pick"
          + " one of them.");
    }
    return read(ENV_FOLDER + "/" + name + ".properties");
  }

  /** The environments this conf location has a file for, sorted. */
  public List<String> environments() {
    List<String> names = new ArrayList<>();
    if (directory == null) {
      for (String name : SHIPPED_ENVIRONMENTS) {
        if (ConfFiles.class.getClassLoader().getResource(BUNDLED_PREFIX + ENV_FOLDER + "/" + name + ".properties")
            != null) {
          names.add(name);
        }
      }
      return names;
    }
    Path folder = directory.resolve(ENV_FOLDER);
    if (Files.isDirectory(folder)) {
      try (Stream<Path> files = Files.list(folder)) {
        files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".properties"))
            .map(f -> f.substring(0, f.length() - ".properties".length())).sorted().forEach(names::add);
      } catch (IOException e) {
        throw new ConfigException("Cannot list " + folder + ": " + e.getMessage() + "; check its permissions.", e);
      }
    }
    return names;
  }

  /** Where the files come from, for messages. */
  public String describe() {
    return directory == null ? "bundled conf (classpath " + BUNDLED_PREFIX + ")" : directory.toString();
  }

  /**
   * Reads one properties file (UTF-8) as a layer; a missing file gives an empty layer.
   *
   * @throws ConfigException when the file exists but cannot be read
   */
  public Layer read(String fileName) {
    String text;
    String where;
    try {
      if (directory == null) {
        where = "bundled " + BUNDLED_PREFIX + fileName;
        try (InputStream in = ConfFiles.class.getClassLoader().getResourceAsStream(BUNDLED_PREFIX + fileName)) {
          if (in == null) {
            return Layer.empty(where + " (absent)");
          }
          text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      } else {
        Path file = directory.resolve(fileName);
        where = file.toString();
        if (!Files.exists(file)) {
          return Layer.empty(where + " (absent)");
        }
        text = Files.readString(file, StandardCharsets.UTF_8);
      }
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("Cannot read conf file " + fileName + " from " + describe() + ": " + e.getMessage()
          + "; check the file's permissions and encoding (UTF-8).", e);
    }
    return parse(where, text);
  }

  /** Parses properties text into a layer whose origins carry the file and line. */
  public static Layer parse(String where, String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("Cannot parse conf file " + where + ": " + e.getMessage()
          + "; write one key=value per line (properties format).", e);
    }
    Map<String, Integer> lines = keyLines(text);
    Map<String, Layer.Entry> entries = new LinkedHashMap<>();
    lines.keySet().stream().filter(properties::containsKey).forEach(key ->
        entries.put(key, new Layer.Entry(properties.getProperty(key), where + ":" + lines.get(key))));
    for (String key : properties.stringPropertyNames()) {
      entries.putIfAbsent(key, new Layer.Entry(properties.getProperty(key), where));
    }
    return new Layer(where, entries);
  }

  // Line of the last assignment of each key (the one Properties keeps); escapes in keys are rare in
  // our files, so a key we cannot match keeps the bare file name as its origin.
  private static Map<String, Integer> keyLines(String text) {
    Map<String, Integer> lines = new LinkedHashMap<>();
    String[] rows = text.split("\r\n|\r|\n", -1);
    boolean continuation = false;
    for (int i = 0; i < rows.length; i++) {
      String row = rows[i];
      if (continuation) {
        continuation = endsWithOddBackslashes(row);
        continue;
      }
      String trimmed = row.stripLeading();
      if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
        continue; // comments never continue onto the next line
      }
      continuation = endsWithOddBackslashes(row);
      int end = 0;
      while (end < trimmed.length() && "=: \t\f".indexOf(trimmed.charAt(end)) < 0) {
        end++;
      }
      lines.put(trimmed.substring(0, end), i + 1);
    }
    return lines;
  }

  private static boolean endsWithOddBackslashes(String row) {
    int count = 0;
    for (int i = row.length() - 1; i >= 0 && row.charAt(i) == '\\'; i--) {
      count++;
    }
    return count % 2 == 1;
  }
}
