package org.fgsbir.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** spark-submit's {@code --conf} beats the conf files' {@code spark.*}; the CLI's own {@code --conf} beats both. */
class SparkConfPrecedenceTest {

  @Test
  void confFilePropertiesYieldToWhatSparkSubmitSet() {
    Map<String, String> confFiles = Map.of("spark.sql.shuffle.partitions", "200", "spark.task.maxFailures", "4",
        "spark.executor.resource.gpu.amount", "1");
    Map<String, String> submitted = Map.of("spark.sql.shuffle.partitions", "8", "spark.master", "spark://h:7077");

    Map<String, String> merged = JobCommands.sparkConf(confFiles, Map.of(), submitted);

    // Not set on the session builder, so the session's SparkConf keeps spark-submit's 8.
    assertThat(merged).doesNotContainKey("spark.sql.shuffle.partitions")
        .containsEntry("spark.task.maxFailures", "4")
        .containsEntry("spark.executor.resource.gpu.amount", "1")
        .hasSize(2);
    // The session then gets spark-submit's value: SparkSessions sets no other.
    assertThat(SparkSessions.properties("a", null, merged, submitted)).doesNotContainKey("spark.sql.shuffle.partitions");
  }

  @Test
  void theCommandLinesOwnConfWinsOverBoth() {
    Map<String, String> merged = JobCommands.sparkConf(Map.of("spark.sql.shuffle.partitions", "200"),
        Map.of("spark.sql.shuffle.partitions", "3"), Map.of("spark.sql.shuffle.partitions", "8"));
    assertThat(merged).containsExactly(Map.entry("spark.sql.shuffle.partitions", "3"));
  }

  @Test
  void withoutSparkSubmitTheConfFilesApply() {
    Map<String, String> merged = JobCommands.sparkConf(Map.of("spark.sql.shuffle.partitions", "200"), Map.of(), Map.of());
    assertThat(merged).containsExactly(Map.entry("spark.sql.shuffle.partitions", "200"));
  }
}
