package org.fgsbir.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

  private static Layer layer(String description, String... keyValues) {
    Map<String, Layer.Entry> entries = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], new Layer.Entry(keyValues[i + 1], description + ":" + (i / 2 + 1)));
    }
    return new Layer(description, entries);
  }

  @Test
  void commandLineBeatsJobFileBeatsDefaultsFileBeatsBuiltIn() {
    Layer defaults = layer("defaults.properties", "score.top-k", "20", "embed.batch-size", "8", "score.split", "val");
    Layer job = layer("score-sketches.properties", "score.top-k", "30", "embed.batch-size", "16");
    Layer cli = layer("cli", "score.top-k", "40");

    Config all = ConfigLoader.resolve(List.of(defaults, job, cli), "/home");
    assertThat(all.get(Settings.SCORE_TOP_K)).isEqualTo(40);
    assertThat(all.origin(Settings.SCORE_TOP_K)).isEqualTo("cli:1");
    assertThat(all.get(Settings.EMBED_BATCH_SIZE)).isEqualTo(16);
    assertThat(all.origin(Settings.EMBED_BATCH_SIZE)).isEqualTo("score-sketches.properties:2");
    assertThat(all.get(Settings.SCORE_SPLIT)).isEqualTo("val");
    assertThat(all.get(Settings.SCORE_BATCH_SIZE)).isEqualTo(64);
    assertThat(all.origin(Settings.SCORE_BATCH_SIZE)).isEqualTo("default");

    Config noCli = ConfigLoader.resolve(List.of(defaults, job, Layer.empty("cli")), "/home");
    assertThat(noCli.get(Settings.SCORE_TOP_K)).isEqualTo(30);
    Config defaultsOnly = ConfigLoader.resolve(List.of(defaults), "/home");
    assertThat(defaultsOnly.get(Settings.SCORE_TOP_K)).isEqualTo(20);
    Config builtIn = ConfigLoader.resolve(List.of(), "/home");
    assertThat(builtIn.get(Settings.SCORE_TOP_K)).isEqualTo(10);
  }

  @Test
  void emptyValueOnTopUnsetsALowerOne() {
    Config config = ConfigLoader.resolve(
        List.of(layer("job", "run.id", "r1"), layer("cli", "run.id", "")), "/home");
    assertThat(config.get(Settings.RUN_ID)).isNull();
  }

  @Test
  void unknownKeyListsEveryKnownKeyAndSuggestsTheClosest() {
    assertThatThrownBy(() -> ConfigLoader.resolve(List.of(layer("conf/demo.properties", "score.topk", "5")), "/h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("Unknown setting 'score.topk' (from conf/demo.properties:1). Did you mean score.top-k?")
        .satisfies(e -> {
          for (Setting<?> setting : Settings.all()) {
            assertThat(e.getMessage()).contains(setting.name());
          }
        });
  }

  @Test
  void badValueInAFileNamesKeyValueFileLineAndAllowed() {
    assertThatThrownBy(() -> ConfigLoader.resolve(
        List.of(layer("/x/conf/score-sketches.properties", "score.split", "test", "score.top-k", "-1")), "/h"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Bad value for score.top-k: '-1' (from /x/conf/score-sketches.properties:2); allowed: an "
            + "integer from 1 to 1000.");
  }

  @Test
  void referencesSeeTheFinalValueOfTheSettingTheyName() {
    Config config = ConfigLoader.resolve(
        List.of(layer("defaults", "output.dir", "/data/runs"), layer("cli", "output.dir", "${fgsbir.home}/out/x")),
        "/project");
    assertThat(config.get(Settings.OUTPUT_DIR)).isEqualTo("/project/out/x");
    assertThat(config.get(Settings.TABLE_EMBEDDINGS)).isEqualTo("/project/out/x/embeddings");
    assertThat(config.origin(Settings.TABLE_EMBEDDINGS)).isEqualTo("default");
    assertThat(config.get(Settings.TABLE_SCORE_REJECTS)).isEqualTo("/project/out/x/rejects/score-sketches");
  }

  @Test
  void referenceLoopsAndUnknownReferencesFailWithTheirOrigin() {
    assertThatThrownBy(() -> ConfigLoader.resolve(
        List.of(layer("f", "output.dir", "${tables.results}/o", "tables.results", "${output.dir}/r")), "/h"))
        .isInstanceOf(ConfigException.class).hasMessageContaining("loop")
        .hasMessageContaining("output.dir").hasMessageContaining("tables.results");
    assertThatThrownBy(() -> ConfigLoader.resolve(List.of(layer("f", "output.dir", "${home}/o")), "/h"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown reference ${home} in output.dir (from f:1)")
        .hasMessageContaining("fgsbir.home");
  }

  @Test
  void valuesAreTrimmed() {
    Config config = ConfigLoader.resolve(List.of(layer("f", "score.split", "  val  ")), "/h");
    assertThat(config.get(Settings.SCORE_SPLIT)).isEqualTo("val");
  }
}
