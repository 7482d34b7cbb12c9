package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickDrawReaderTest {
  private static final String RAW =
      "{\"key_id\":\"shoe-0001_1\",\"word\":\"shoe\",\"countrycode\":\"ZZ\","
          + "\"timestamp\":\"2024-01-01 00:00:00 UTC\","
          + "\"recognized\":true,\"drawing\":[[[10,20.5,30],[5,6,7],[0,16,33]],[[40,41],[50,51],[120,140]]],"
          + "\"photo_id\":\"shoe-0001\",\"split\":\"test\"}";
  private static final String SIMPLIFIED =
      "{\"word\":\"chair\",\"key_id\":\"42\",\"drawing\":[[[0,255],[0,255]]]}";

  @Test
  void rawRecordKeepsCoordinatesTimesPhotoIdAndSplit() {
    Sketch sketch = QuickDrawReader.parseLine("raw.ndjson", 1, RAW);

    assertThat(sketch.id()).isEqualTo("shoe-0001_1");
    assertThat(sketch.category()).isEqualTo("shoe");
    assertThat(sketch.photoId()).contains("shoe-0001");
    assertThat(sketch.split()).contains("test");
    assertThat(sketch.strokeCount()).isEqualTo(2);
    assertThat(sketch.pointCount()).isEqualTo(5);
    Stroke first = sketch.strokes().get(0);
    assertThat(first.xs()).containsExactly(10f, 20.5f, 30f);
    assertThat(first.ys()).containsExactly(5f, 6f, 7f);
    assertThat(first.ts()).containsExactly(0.0, 16.0, 33.0);
    Stroke second = sketch.strokes().get(1);
    assertThat(second.xs()).containsExactly(40f, 41f);
    assertThat(second.ys()).containsExactly(50f, 51f);
    assertThat(second.ts()).containsExactly(120.0, 140.0);
  }

  @Test
  void simplifiedRecordHasNoTimesAndNoPairing() {
    Sketch sketch = QuickDrawReader.parseLine("s.ndjson", 3, SIMPLIFIED);

    assertThat(sketch.id()).isEqualTo("42");
    assertThat(sketch.category()).isEqualTo("chair");
    assertThat(sketch.photoId()).isEmpty();
    assertThat(sketch.split()).isEmpty();
    assertThat(sketch.strokes()).singleElement().satisfies(s -> {
      assertThat(s.hasTime()).isFalse();
      assertThat(s.ts()).isNull();
      assertThat(s.xs()).containsExactly(0f, 255f);
    });
  }

  @Test
  void numericKeyIdBecomesItsDecimalText() {
    Sketch small = QuickDrawReader.parseLine("n.ndjson", 1,
        "{\"key_id\":5629219430449152,\"word\":\"shoe\",\"drawing\":[[[1,2],[3,4]]]}");
    Sketch beyondLong = QuickDrawReader.parseLine("n.ndjson", 2,
        "{\"key_id\":18446744073709551615,\"word\":\"shoe\",\"drawing\":[[[1,2],[3,4]]]}");

    assertThat(small.id()).isEqualTo("5629219430449152");
    assertThat(beyondLong.id()).isEqualTo("18446744073709551615");
  }

  @Test
  void nullOptionalFieldsCountAsAbsent() {
    Sketch sketch = QuickDrawReader.parseLine("n.ndjson", 1,
        "{\"key_id\":\"a\",\"word\":\"shoe\",\"photo_id\":null,\"split\":null,\"drawing\":[[[1],[3]]]}");

    assertThat(sketch.photoId()).isEmpty();
    assertThat(sketch.split()).isEmpty();
    assertThat(sketch.pointCount()).isEqualTo(1);
  }

  @Test
  void readAllSkipsBlankLinesAndKeepsFileOrder(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("mixed.ndjson");
    Files.writeString(file, "\n" + RAW + "\r\n   \n" + SIMPLIFIED + "\n\n", StandardCharsets.UTF_8);

    List<Sketch> sketches = QuickDrawReader.readAll(file);

    assertThat(sketches).extracting(Sketch::id).containsExactly("shoe-0001_1", "42");
    assertThat(sketches.get(0)).isEqualTo(QuickDrawReader.parseLine("x", 1, RAW));
  }

  @Test
  void readAllReadsGzipFilesByTheirSuffix(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("sketches.ndjson.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write((RAW + "\n" + SIMPLIFIED + "\n").getBytes(StandardCharsets.UTF_8));
    }

    assertThat(QuickDrawReader.readAll(file)).extracting(Sketch::id).containsExactly("shoe-0001_1", "42");
  }

  @Test
  void readAllOfAnEmptyFileIsEmpty(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("empty.ndjson");
    Files.writeString(file, "\n\n");

    assertThat(QuickDrawReader.readAll(file)).isEmpty();
  }

  @Test
  void readAllOfAMissingFileNamesThePath(@TempDir Path dir) {
    Path file = dir.resolve("absent.ndjson");

    assertThatThrownBy(() -> QuickDrawReader.readAll(file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("does not exist");
  }
}
