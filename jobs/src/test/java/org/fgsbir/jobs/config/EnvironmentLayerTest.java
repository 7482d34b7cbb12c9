package org.fgsbir.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code --env NAME} layer: {@code conf/env/NAME.properties} between the job file and the command line. */
class EnvironmentLayerTest {
  @TempDir Path conf;

  private void write(String file, String text) throws IOException {
    Path path = conf.resolve(file);
    Files.createDirectories(path.getParent());
    Files.writeString(path, text);
  }

  @Test
  void environmentBeatsTheJobFileAndLosesToTheCommandLine() throws IOException {
    write("defaults.properties", "score.top-k = 3\nembed.batch-size = 8\n");
    write("score-sketches.properties", "score.top-k = 4\nscore.batch-size = 9\n");
    write("env/big.properties", "score.top-k = 5\nembed.batch-size = 100\n");
    Layer cli = new Layer("cli", Map.of("score.batch-size", new Layer.Entry("7", "--batch-size")));

    Config config = ConfigLoader.load(ConfFiles.directory(conf), "score-sketches.properties", "big", cli, "/h");

    assertThat(config.get(Settings.SCORE_TOP_K)).isEqualTo(5);
    assertThat(config.origin(Settings.SCORE_TOP_K)).endsWith("env/big.properties:1");
    assertThat(config.get(Settings.EMBED_BATCH_SIZE)).isEqualTo(100);
    assertThat(config.get(Settings.SCORE_BATCH_SIZE)).isEqualTo(7);
    assertThat(ConfigLoader.load(ConfFiles.directory(conf), "score-sketches.properties", null, cli, "/h")
        .get(Settings.SCORE_TOP_K)).isEqualTo(4);
  }

  @Test
  void sparkPropertiesInConfFilesGoToTheSessionHighestLayerWinning() throws IOException {
    write("defaults.properties", "spark.sql.shuffle.partitions = 8\nspark.task.maxFailures = 2\n");
    write("env/gpu.properties", "spark.task.maxFailures = 4\nspark.task.resource.gpu.amount = 0.25\n");

    Config config = ConfigLoader.load(ConfFiles.directory(conf), null, "gpu", Layer.empty("cli"), "/h");

    assertThat(config.sparkProperties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "spark.sql.shuffle.partitions", "8", "spark.task.maxFailures", "4", "spark.task.resource.gpu.amount", "0.25"));
    assertThat(config.sparkOrigin("spark.task.maxFailures")).endsWith("env/gpu.properties:1");
  }

  @Test
  void unknownEnvironmentListsTheOnesThereAre() throws IOException {
    write("env/cluster.properties", "");
    write("env/local.properties", "");

    assertThatThrownBy(() -> ConfigLoader.load(ConfFiles.directory(conf), null, "prod", Layer.empty("cli"), "/h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown environment 'prod': there is no env/prod.properties in " + conf)
        .hasMessageContaining("environments: [cluster, local]");
    assertThatThrownBy(() -> ConfFiles.directory(conf).readEnvironment("../x"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Environment name '../x' must be");
  }

  @Test
  void unknownSettingInAnEnvironmentFileNamesTheFileAndLine() throws IOException {
    write("env/local.properties", "# comment\nscore.topk = 5\n");

    assertThatThrownBy(() -> ConfigLoader.load(ConfFiles.directory(conf), null, "local", Layer.empty("cli"), "/h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown setting 'score.topk' (from " + conf.resolve("env/local.properties") + ":2)")
        .hasMessageContaining("Did you mean score.top-k?");
  }

  @Test
  void shippedEnvironmentsResolveFromTheProjectConfAndTheJar() {
    Path projectConf = Path.of(System.getProperty("fgsbir.project.root")).resolve("conf");
    assertThat(ConfFiles.directory(projectConf).environments()).containsExactlyElementsOf(
        ConfFiles.SHIPPED_ENVIRONMENTS.stream().sorted().toList());
    assertThat(ConfFiles.bundled().environments()).containsExactlyElementsOf(ConfFiles.SHIPPED_ENVIRONMENTS);
    for (String env : ConfFiles.SHIPPED_ENVIRONMENTS) {
      Config config = ConfigLoader.load(ConfFiles.directory(projectConf), "score-sketches.properties", env,
          Layer.empty("cli"), "/h");
      assertThat(config.get(Settings.SCORE_BATCH_SIZE)).isPositive();
    }
    assertThat(ConfigLoader.load(ConfFiles.bundled(), null, "gpu", Layer.empty("cli"), "/h").sparkProperties())
        .containsEntry("spark.task.resource.gpu.amount", "0.25");
  }
}
