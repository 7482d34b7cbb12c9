package org.fgsbir.jobs;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;

/**
 * Shared Spark session for every jobs test class: one {@code local[2]} session per test JVM (started
 * once, ~4 s, stopped by Spark's shutdown hook), UI off, loopback driver, few shuffle partitions.
 * Test classes extend this and write outputs under JUnit {@code @TempDir} folders.
 */
public abstract class SparkTestBase {
  private static SparkSession session;

  /** The shared session. */
  protected static SparkSession spark;

  @BeforeAll
  static void startSpark() {
    spark = session();
  }

  /**
   * The shared session, created on first use, and again after a command under test (the CLI's demo, bench,
   * ...) stopped it: those commands stop the session they got, which in a test JVM is this one.
   */
  protected static synchronized SparkSession session() {
    if (session == null || session.sparkContext().isStopped()) {
      session = builder().getOrCreate();
      session.sparkContext().setLogLevel("WARN");
    }
    return session;
  }

  /**
   * Runs {@code body} on a fresh session with extra Spark settings that only apply when a SparkContext
   * starts (e.g. {@code spark.serializer}): stops the shared session, starts one with {@code conf}, stops it
   * afterwards and starts the shared one again (about 10 s in all).
   */
  protected static synchronized void withFreshSession(Map<String, String> conf, Consumer<SparkSession> body) {
    if (session != null) {
      session.stop();
      session = null;
    }
    SparkSession.Builder builder = builder();
    conf.forEach(builder::config);
    SparkSession fresh = builder.getOrCreate();
    fresh.sparkContext().setLogLevel("WARN");
    try {
      spark = fresh;
      body.accept(fresh);
    } finally {
      fresh.stop();
      spark = session();
    }
  }

  private static SparkSession.Builder builder() {
    return SparkSession.builder()
        .appName("fgsbir-tests")
        .master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.default.parallelism", "2")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.showConsoleProgress", "false");
  }
}
