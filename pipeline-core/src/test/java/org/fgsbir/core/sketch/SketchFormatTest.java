package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SketchFormatTest {

  @Test
  void parseAcceptsConfigNamesIgnoringCase() {
    assertThat(SketchFormat.parse("quickdraw")).isEqualTo(SketchFormat.QUICKDRAW);
    assertThat(SketchFormat.parse(" SketchX ")).isEqualTo(SketchFormat.SKETCHX);
    assertThat(SketchFormat.QUICKDRAW.configName()).isEqualTo("quickdraw");
    assertThat(SketchFormat.SKETCHX.configName()).isEqualTo("sketchx");
  }

  @Test
  void parseRejectsOtherNamesListingTheAcceptedOnes() {
    assertThatThrownBy(() -> SketchFormat.parse("png"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'png'")
        .hasMessageContaining("quickdraw")
        .hasMessageContaining("sketchx");
  }

  @Test
  void detectLooksAtTheStrokeField() {
    assertThat(SketchFormat.detect("{\"key_id\":\"1\",\"drawing\":[]}")).isEqualTo(SketchFormat.QUICKDRAW);
    assertThat(SketchFormat.detect("{\"sketch_id\":\"1\",\"points\":[]}")).isEqualTo(SketchFormat.SKETCHX);
  }

  @Test
  void detectRejectsAmbiguousOrUnreadableLines() {
    assertThatThrownBy(() -> SketchFormat.detect("{\"id\":1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot tell the sketch format: the first record has neither");
    assertThatThrownBy(() -> SketchFormat.detect("{\"drawing\":[],\"points\":[]}"))
        .hasMessageContaining("both \"drawing\" and \"points\"");
    assertThatThrownBy(() -> SketchFormat.detect("not json"))
        .hasMessageStartingWith("Cannot tell the sketch format: invalid JSON");
  }

  @Test
  void readersDispatchOnTheFormat() {
    Sketch quickDraw = SketchReaders.parseLine(SketchFormat.QUICKDRAW, "f", 1,
        "{\"key_id\":\"a\",\"word\":\"shoe\",\"drawing\":[[[1],[2]]]}", "ignored");
    Sketch sketchX = SketchReaders.parseLine(SketchFormat.SKETCHX, "f", 1,
        "{\"sketch_id\":\"b\",\"points\":[[1,2,1]]}", "chair");

    assertThat(quickDraw.category()).isEqualTo("shoe");
    assertThat(sketchX.category()).isEqualTo("chair");
  }

  @Test
  void readAllDetectsTheFormatFromTheFirstNonBlankLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.ndjson");
    Files.writeString(file, "\n{\"sketch_id\":\"a\",\"points\":[[1,2,1]]}\n");

    assertThat(SketchReaders.readAll(file, null, "shoe")).singleElement()
        .satisfies(s -> assertThat(s.category()).isEqualTo("shoe"));
  }

  @Test
  void readAllWithDetectionNamesTheUndetectableLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.ndjson");
    Files.writeString(file, "\n\n{\"id\":\"a\"}\n");

    SketchFormatException e = catchThrowableOfType(SketchFormatException.class,
        () -> SketchReaders.readAll(file, null, "shoe"));

    assertThat(e.line()).isEqualTo(3);
    assertThat(e).hasMessageStartingWith(file + ":3: cannot tell the sketch format");
  }

  @Test
  void readAllWithAnExplicitFormatRejectsTheOtherFormat(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.ndjson");
    Files.writeString(file, "{\"sketch_id\":\"a\",\"points\":[[1,2,1]]}\n");

    assertThatThrownBy(() -> SketchReaders.readAll(file, SketchFormat.QUICKDRAW, "shoe"))
        .isInstanceOf(SketchFormatException.class)
        .hasMessageStartingWith(file + ":1: missing field \"key_id\"");
  }
}
