package org.fgsbir.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfFilesTest {

  @TempDir
  Path temp;

  private Path confDir(String name, String defaultsText) throws IOException {
    Path dir = Files.createDirectories(temp.resolve(name));
    Files.writeString(dir.resolve(ConfigLoader.DEFAULTS_FILE), defaultsText);
    return dir;
  }

  @Test
  void confDirOptionBeatsEnvironmentBeatsProjectConfBeatsBundled() throws IOException {
    Path option = confDir("option", "score.top-k=1\n");
    Path environment = confDir("env", "score.top-k=2\n");
    Path home = Files.createDirectories(temp.resolve("home"));
    confDir("home/conf", "score.top-k=3\n");
    Map<String, String> env = Map.of(ConfFiles.CONF_DIR_ENV, environment.toString());

    assertThat(ConfFiles.locate(option.toString(), env, home.toString()).describe()).isEqualTo(option.toString());
    assertThat(ConfFiles.locate(null, env, home.toString()).describe()).isEqualTo(environment.toString());
    assertThat(ConfFiles.locate(null, Map.of(), home.toString()).describe())
        .isEqualTo(home.resolve("conf").toString());
    assertThat(ConfFiles.locate(null, Map.of(), temp.resolve("no-conf-here").toString()).describe())
        .startsWith("bundled");
    assertThat(ConfFiles.locate(null, env, home.toString()).read(ConfigLoader.DEFAULTS_FILE).entries())
        .containsEntry("score.top-k", new Layer.Entry("2", environment.resolve("defaults.properties") + ":1"));
  }

  @Test
  void aNamedConfFolderThatDoesNotExistIsAnError() {
    Path missing = temp.resolve("nope");
    assertThatThrownBy(() -> ConfFiles.locate(missing.toString(), Map.of(), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(missing.toString()).hasMessageContaining("--conf-dir");
    assertThatThrownBy(() -> ConfFiles.locate(null, Map.of(ConfFiles.CONF_DIR_ENV, missing.toString()), null))
        .hasMessageContaining(ConfFiles.CONF_DIR_ENV);
  }

  @Test
  void aMissingFileIsAnEmptyLayer() throws IOException {
    Path dir = confDir("c", "");
    assertThat(ConfFiles.directory(dir).read("report.properties").entries()).isEmpty();
  }

  @Test
  void bundledCopiesAreOnTheClasspath() {
    Layer demo = ConfFiles.bundled().read("demo.properties");
    assertThat(demo.entries()).containsKeys("input.photos", "input.sketches", "score.protocols");
    assertThat(demo.entries().get("input.photos").origin()).startsWith("bundled fgsbir/conf/demo.properties:");
  }

  @Test
  void originsCarryTheLineOfTheLastAssignment() {
    String text = """
        # a comment ending in a backslash does not continue \\
        score.split = test
        model.uri = a,\\
          score.top-k=99
        ! another comment
        score.top-k : 5
        score.split=val
        """;
    Layer layer = ConfFiles.parse("f.properties", text);
    assertThat(layer.entries()).containsEntry("score.top-k", new Layer.Entry("5", "f.properties:6"));
    assertThat(layer.entries()).containsEntry("score.split", new Layer.Entry("val", "f.properties:7"));
    assertThat(layer.entries()).containsEntry("model.uri", new Layer.Entry("a,score.top-k=99", "f.properties:3"));
  }
}
