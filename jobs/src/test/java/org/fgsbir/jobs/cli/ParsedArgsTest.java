package org.fgsbir.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.fgsbir.jobs.config.ConfigException;
import org.fgsbir.jobs.config.Layer;
import org.junit.jupiter.api.Test;

class ParsedArgsTest {

  private static final Command SCORE = JobCommands.scoreSketches();

  private static ParsedArgs parse(String... args) {
    return ParsedArgs.parse(SCORE, List.of(args));
  }

  @Test
  void optionsAndSetBecomeTheCommandLineLayerLaterOnesWinning() {
    ParsedArgs args = parse("--top-k", "5", "--set", "score.split=val", "--protocols=stroke", "--set",
        "score.top-k=7", "--out", "o");
    assertThat(args.commandLine().entries()).containsExactly(
        java.util.Map.entry("score.split", new Layer.Entry("val", "--set score.split")),
        java.util.Map.entry("score.protocols", new Layer.Entry("stroke", "--protocols")),
        java.util.Map.entry("score.top-k", new Layer.Entry("7", "--set score.top-k")),
        java.util.Map.entry("output.dir", new Layer.Entry("o", "--out")));
    assertThat(args.master()).isNull();
    assertThat(args.help()).isFalse();
  }

  @Test
  void masterAndSparkConfsAreParsed() {
    ParsedArgs args = parse("--master", "local[2]", "--conf", "spark.sql.shuffle.partitions=3",
        "--conf=spark.executor.memory=1g", "--conf", "spark.sql.shuffle.partitions=4", "--verbose", "--dry-run");
    assertThat(args.master()).isEqualTo("local[2]");
    assertThat(args.sparkConf()).containsExactly(java.util.Map.entry("spark.executor.memory", "1g"),
        java.util.Map.entry("spark.sql.shuffle.partitions", "4"));
    assertThat(args.verbose()).isTrue();
    assertThat(args.dryRun()).isTrue();
    for (String master : List.of("local", "local[*]", "local[4,2]", "spark://h:7077", "yarn", "k8s://https://h:6443")) {
      assertThat(parse("--master", master).master()).isEqualTo(master);
    }
  }

  @Test
  void malformedMasterAndConfAreUsageErrors() {
    assertThatThrownBy(() -> parse("--master", "local[x]")).isInstanceOf(UsageException.class)
        .hasMessageContaining("bad --master 'local[x]'");
    assertThatThrownBy(() -> parse("--conf", "spark.x")).isInstanceOf(UsageException.class)
        .hasMessageContaining("is not spark.KEY=VALUE");
    assertThatThrownBy(() -> parse("--conf", "score.top-k=3")).isInstanceOf(UsageException.class)
        .hasMessageContaining("not a Spark property").hasMessageContaining("--set");
  }

  @Test
  void unknownOptionSuggestsAndListsTheCommandsOptions() {
    assertThatThrownBy(() -> parse("--topk", "3")).isInstanceOf(UsageException.class)
        .hasMessageStartingWith("unknown option --topk for score-sketches; did you mean --top-k? options: ")
        .hasMessageContaining("--sketches").hasMessageContaining("--conf-dir");
  }

  @Test
  void setOfAnUnknownKeyListsTheKnownKeys() {
    assertThatThrownBy(() -> parse("--set", "score.topk=3")).isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown setting 'score.topk' (from --set score.topk=3)")
        .hasMessageContaining("Known settings: output.dir");
  }

  @Test
  void missingValuesAndStrayArgumentsAreUsageErrors() {
    assertThatThrownBy(() -> parse("--top-k")).isInstanceOf(UsageException.class)
        .hasMessage("--top-k needs a value (--top-k K)");
    assertThatThrownBy(() -> parse("--top-k", "--verbose")).isInstanceOf(UsageException.class)
        .hasMessageContaining("needs a value");
    assertThatThrownBy(() -> parse("sketches.ndjson")).isInstanceOf(UsageException.class)
        .hasMessageContaining("unexpected argument 'sketches.ndjson'");
    assertThatThrownBy(() -> parse("--verbose=yes")).isInstanceOf(UsageException.class)
        .hasMessageContaining("takes no value");
  }

  @Test
  void helpFlags() {
    assertThat(parse("-h").help()).isTrue();
    assertThat(parse("--top-k", "3", "--help").help()).isTrue();
  }
}
