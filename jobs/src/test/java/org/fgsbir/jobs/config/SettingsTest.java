package org.fgsbir.jobs.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsTest {

  @Test
  void everyKeyIsKebabCaseWithAGroupAndDeclaredOnce() {
    Set<String> names = new HashSet<>();
    for (Setting<?> setting : Settings.all()) {
      assertThat(setting.name()).matches("[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)+");
      assertThat(names.add(setting.name())).as("declared once: %s", setting.name()).isTrue();
      assertThat(setting.help()).as("help of %s", setting.name()).isNotBlank().doesNotContain("\n");
      assertThat(Settings.byName(setting.name())).containsSame(setting);
    }
    assertThat(names).contains("embed.batch-size", "score.top-k", "score.protocols", "score.split", "model.engine");
  }

  @Test
  void everyBuiltInDefaultParses() {
    // Defaults with references parse after resolution; ConfigLoaderTest covers those.
    for (Setting<?> setting : Settings.all()) {
      if (!setting.defaultValue().contains("${")) {
        setting.parse(setting.defaultValue(), "default");
      }
    }
    assertThat(Settings.SCORE_PROTOCOLS.parse(Settings.SCORE_PROTOCOLS.defaultValue(), "default"))
        .containsExactly("stroke", "points17");
    assertThat(Settings.SCORE_TOP_K.parse("10", "default")).isEqualTo(10);
  }

  @Test
  void badIntegerNamesKeyValueOriginAndRange() {
    assertThatThrownBy(() -> Settings.SCORE_TOP_K.parse("ten", "--top-k"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("Bad value for score.top-k: 'ten' (from --top-k); allowed: an integer from 1 to 1000.");
    assertThatThrownBy(() -> Settings.EMBED_BATCH_SIZE.parse("0", "x.properties:3"))
        .hasMessageContaining("embed.batch-size").hasMessageContaining("'0'").hasMessageContaining("x.properties:3")
        .hasMessageContaining("from 1 to 4096");
  }

  @Test
  void protocolListChecksEachItemAndDuplicates() {
    assertThat(Settings.SCORE_PROTOCOLS.parse(" points17 , stroke,points5", "t"))
        .containsExactly("points17", "stroke", "points5");
    assertThatThrownBy(() -> Settings.SCORE_PROTOCOLS.parse("stroke,strokes", "--protocols"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("score.protocols").hasMessageContaining("item 'strokes' is not allowed")
        .hasMessageContaining("stroke, points<N>");
    assertThatThrownBy(() -> Settings.SCORE_PROTOCOLS.parse("stroke,stroke", "t"))
        .hasMessageContaining("duplicate item 'stroke'");
    assertThatThrownBy(() -> Settings.SCORE_PROTOCOLS.parse("stroke,,points17", "t"))
        .hasMessageContaining("empty item");
    assertThatThrownBy(() -> Settings.SCORE_PROTOCOLS.parse("points0", "t")).isInstanceOf(ConfigException.class);
  }

  @Test
  void choiceListsTheChoices() {
    assertThatThrownBy(() -> Settings.INPUT_SKETCH_FORMAT.parse("png", "--sketch-format"))
        .hasMessage("Bad value for input.sketch-format: 'png' (from --sketch-format); allowed: one of auto, "
            + "quickdraw, sketchx, svg, stroke3, pickle.");
  }

  @Test
  void emptyMeansNotSet() {
    assertThat(Settings.RUN_ID.parse("", "default")).isNull();
    assertThat(Settings.MODEL_DIMENSION.parse("", "default")).isNull();
  }

  @Test
  void localLocationsBecomeAbsoluteAndUrisStayAsWritten() {
    assertThat(Settings.OUTPUT_DIR.parse("out/x/../y", "t"))
        .isEqualTo(Path.of("out/y").toAbsolutePath().toString());
    assertThat(Settings.OUTPUT_DIR.parse("s3a://bucket/run 1", "t")).isEqualTo("s3a://bucket/run 1");
    assertThat(Settings.OUTPUT_DIR.parse("file:/tmp/x", "t")).isEqualTo("file:/tmp/x");
  }

  @Test
  void idsRefuseSeparators() {
    assertThatThrownBy(() -> Settings.RUN_ID.parse("a/b", "--run-id"))
        .hasMessageContaining("run.id").hasMessageContaining("'a/b'").hasMessageContaining("letters, digits");
  }

  @Test
  void closestSuggestsLikelyTypos() {
    assertThat(Settings.closestKey("score.topk")).contains("score.top-k");
    assertThat(Settings.closestKey("something.else.entirely")).isEmpty();
    assertThat(Settings.closest("--sketch", List.of("--sketches", "--out"))).contains("--sketches");
    assertThat(Settings.closest("--topk", List.of("--out", "--report"))).isEmpty();
  }
}
