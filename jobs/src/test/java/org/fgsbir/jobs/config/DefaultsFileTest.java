package org.fgsbir.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The checked-in conf folder agrees with the registry. */
class DefaultsFileTest {

  private static Path conf() {
    return Path.of(System.getProperty("fgsbir.project.root")).resolve("conf");
  }

  @Test
  void defaultsFileIsTheRenderedRegistry() throws IOException {
    Path file = conf().resolve(ConfigLoader.DEFAULTS_FILE);
    if (Boolean.getBoolean("fgsbir.regenerateGolden")) {
      Files.writeString(file, DefaultsFile.render(), StandardCharsets.UTF_8);
    }
    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .as("conf/defaults.properties is out of date; regenerate it with -Dfgsbir.regenerateGolden=true")
        .isEqualTo(DefaultsFile.render());
  }

  @Test
  void defaultsFileMentionsEveryKeyAndSetsNone() {
    Layer layer = ConfFiles.directory(conf()).read(ConfigLoader.DEFAULTS_FILE);
    assertThat(layer.entries()).isEmpty();
    String text = DefaultsFile.render();
    for (Setting<?> setting : Settings.all()) {
      assertThat(text).contains("\n#" + DefaultsFile.assignment(setting) + "\n");
    }
  }

  @Test
  void everyJobFileUsesOnlyKnownKeysAndValidValues() throws IOException {
    List<String> jobFiles;
    try (Stream<Path> files = Files.list(conf())) {
      jobFiles = files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".properties") && !n.equals("log4j2.properties")
              && !n.equals(ConfigLoader.DEFAULTS_FILE))
          .sorted().toList();
    }
    assertThat(jobFiles).contains("demo.properties", "embed-catalogue.properties", "report.properties",
        "score-sketches.properties");
    for (String jobFile : jobFiles) {
      Config config = ConfigLoader.load(ConfFiles.directory(conf()), jobFile, null, Layer.empty("cli"), "/project");
      assertThat(config.get(Settings.OUTPUT_DIR)).as(jobFile).isNotNull();
    }
  }

  @Test
  void demoFileRunsTheSamplesThroughTheShippedModelWithBothProtocols() {
    Config demo = ConfigLoader.load(ConfFiles.directory(conf()), "demo.properties", null, Layer.empty("cli"), "/project");
    assertThat(demo.get(Settings.INPUT_PHOTOS)).isEqualTo("/project/data-samples/catalogue/manifest.csv");
    assertThat(demo.get(Settings.INPUT_SKETCHES)).isEqualTo("/project/data-samples/sketches/sketches.ndjson");
    assertThat(demo.get(Settings.OUTPUT_DIR)).isEqualTo("/project/out/demo");
    assertThat(demo.get(Settings.SCORE_SPLIT)).isEqualTo("test");
    assertThat(demo.get(Settings.SCORE_PROTOCOLS)).containsExactly("stroke", "points17");
    assertThat(demo.get(Settings.MODEL_ENGINE)).isEqualTo("tensorflow");
    assertThat(demo.get(Settings.MODEL_URI)).isEqualTo("/project/data-samples/model");
  }
}
