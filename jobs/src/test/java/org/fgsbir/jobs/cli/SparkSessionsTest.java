package org.fgsbir.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void localModeIsQuietOnLoopbackWithSmallShuffles() {
    Map<String, String> properties = SparkSessions.properties("fgsbir demo", "local[3]", Map.of());
    assertThat(properties).containsEntry("spark.app.name", "fgsbir demo")
        .containsEntry("spark.master", "local[3]")
        .containsEntry("spark.ui.enabled", "false")
        .containsEntry("spark.driver.host", "127.0.0.1")
        .containsEntry("spark.driver.bindAddress", "127.0.0.1")
        .containsEntry("spark.sql.shuffle.partitions", "6");
    assertThat(SparkSessions.properties("a", null, Map.of()))
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.sql.shuffle.partitions",
            Integer.toString(Math.max(2, 2 * Runtime.getRuntime().availableProcessors())));
  }

  @Test
  void userConfsWinAndMasterOptionBeatsSparkMasterConf() {
    Map<String, String> properties = SparkSessions.properties("a", "local[2]",
        Map.of("spark.sql.shuffle.partitions", "1", "spark.master", "yarn"));
    assertThat(properties).containsEntry("spark.sql.shuffle.partitions", "1").containsEntry("spark.master", "local[2]");
    assertThat(SparkSessions.properties("a", null, Map.of("spark.master", "spark://h:7077")))
        .containsEntry("spark.master", "spark://h:7077")
        .doesNotContainKey("spark.ui.enabled");
  }

  @Test
  void theMasterSparkSubmitPassedIsKeptUnlessOverridden() {
    Map<String, String> yarn = Map.of("spark.master", "yarn");
    assertThat(SparkSessions.properties("a", null, Map.of(), yarn)).containsEntry("spark.master", "yarn");
    assertThat(SparkSessions.properties("a", "local[1]", Map.of(), yarn)).containsEntry("spark.master", "local[1]")
        .containsEntry("spark.sql.shuffle.partitions", "2");
  }

  @Test
  void localDefaultsLeaveWhatSparkSubmitSetToTheSessionsOwnConf() {
    // spark-submit --master local[4] --conf spark.sql.shuffle.partitions=7: the session's SparkConf reads
    // these system properties, so we must not set the keys on the builder (which would win).
    Map<String, String> properties = SparkSessions.properties("a", null, Map.of(),
        Map.of("spark.master", "local[4]", "spark.sql.shuffle.partitions", "7"));
    assertThat(properties).containsEntry("spark.master", "local[4]")
        .doesNotContainKey("spark.sql.shuffle.partitions")
        .containsEntry("spark.ui.enabled", "false");
  }

  @Test
  void submittedAreTheSparkSystemProperties() {
    String key = "spark.fgsbir.test.submitted";
    System.setProperty(key, "x");
    try {
      assertThat(SparkSessions.submitted()).containsEntry(key, "x").allSatisfy((k, v) -> assertThat(k).startsWith("spark."));
    } finally {
      System.clearProperty(key);
    }
  }
}
