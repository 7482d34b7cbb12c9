package org.fgsbir.jobs.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.SparkSession;

/** Builds the driver's SparkSession from the master and the {@code --conf} properties. */
public final class SparkSessions {
  private SparkSessions() {}

  private static final Pattern LOCAL_THREADS = Pattern.compile("local(?:\\[(\\*|[0-9]+)(?:,[0-9]+)?])?");

  /**
   * The properties a session gets: the app name, then, in local mode, a quiet loopback setup (no UI,
   * driver on 127.0.0.1, shuffle partitions sized to the local threads instead of 200) for each key that
   * spark-submit did not set ({@link #submitted}), then the user's {@code --conf} properties, which win.
   * The master is {@code --master}, else {@code --conf spark.master=...}, else the one spark-submit
   * passed (system property {@code spark.master}), else {@code local[*]}.
   *
   * @param master the {@code --master} value, or null
   */
  public static Map<String, String> properties(String appName, String master, Map<String, String> userConf) {
    return properties(appName, master, userConf, submitted());
  }

  /**
   * The {@code spark.*} JVM system properties: what spark-submit passed to this driver ({@code --conf},
   * {@code --properties-file}, its {@code spark-defaults.conf}, {@code --master}, ...) or {@code -D} set.
   * A session's SparkConf reads them itself; a property we set on the builder would override them.
   */
  public static Map<String, String> submitted() {
    Map<String, String> submitted = new LinkedHashMap<>();
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("spark.")) {
        submitted.put(key, System.getProperty(key));
      }
    }
    return submitted;
  }

  static Map<String, String> properties(String appName, String master, Map<String, String> userConf,
      Map<String, String> submitted) {
    String submittedMaster = submitted.get("spark.master");
    String effectiveMaster = master != null ? master
        : userConf.getOrDefault("spark.master",
            submittedMaster != null ? submittedMaster : CommonOptions.DEFAULT_MASTER);
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("spark.app.name", appName);
    Matcher local = LOCAL_THREADS.matcher(effectiveMaster);
    if (local.matches()) {
      int threads = local.group(1) == null ? 1
          : local.group(1).equals("*") ? Runtime.getRuntime().availableProcessors()
          : Integer.parseInt(local.group(1));
      Map<String, String> localDefaults = new LinkedHashMap<>();
      localDefaults.put("spark.ui.enabled", "false");
      localDefaults.put("spark.ui.showConsoleProgress", "false");
      localDefaults.put("spark.driver.host", "127.0.0.1");
      localDefaults.put("spark.driver.bindAddress", "127.0.0.1");
      localDefaults.put("spark.sql.shuffle.partitions", Integer.toString(Math.max(2, 2 * threads)));
      localDefaults.forEach((key, value) -> {
        if (!submitted.containsKey(key)) {
          properties.put(key, value);
        }
      });
    }
    properties.putAll(userConf);
    properties.put("spark.master", effectiveMaster);
    return properties;
  }

  /** Starts (or joins) the session with {@link #properties}; {@code master} may be null. */
  public static SparkSession start(String appName, String master, Map<String, String> userConf) {
    SparkSession.Builder builder = SparkSession.builder();
    properties(appName, master, userConf).forEach(builder::config);
    return builder.getOrCreate();
  }
}
