package org.fgsbir.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SketchXReaderTest {

  @Test
  void newStrokeStartsAfterEveryPenUpPoint() {
    Sketch sketch = SketchXReader.fromRows("s1", "chair", "p1", "train", new float[][] {
        {1, 2, 0}, {3, 4, 0}, {5, 6, 1},
        {7, 8, 1},
        {9, 10, 0}, {11, 12, 1}});

    assertThat(sketch.strokeCount()).isEqualTo(3);
    assertThat(sketch.strokes().get(0).xs()).containsExactly(1f, 3f, 5f);
    assertThat(sketch.strokes().get(0).ys()).containsExactly(2f, 4f, 6f);
    assertThat(sketch.strokes().get(1).xs()).containsExactly(7f);
    assertThat(sketch.strokes().get(2).xs()).containsExactly(9f, 11f);
    assertThat(sketch.strokes().get(2).ys()).containsExactly(10f, 12f);
    assertThat(sketch.strokes()).noneMatch(Stroke::hasTime);
    assertThat(sketch.photoId()).contains("p1");
    assertThat(sketch.split()).contains("train");
  }

  @Test
  void finalPointWithPenDownStillEndsTheLastStroke() {
    Sketch sketch = SketchXReader.fromRows("s1", "chair", null, null, new float[][] {
        {1, 2, 1}, {3, 4, 0}, {5, 6, 0}});

    assertThat(sketch.strokeCount()).isEqualTo(2);
    assertThat(sketch.strokes().get(1).xs()).containsExactly(3f, 5f);
    assertThat(sketch.pointCount()).isEqualTo(3);
  }

  @Test
  void fromRowsRejectsBadRowsNamingSketchAndRow() {
    assertThatThrownBy(() -> SketchXReader.fromRows("s9", "chair", null, null,
        new float[][] {{1, 2, 0}, {3, 4, 2}}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("sketch s9: rows[1] has pen value 2.0, not 0 or 1;");
    assertThatThrownBy(() -> SketchXReader.fromRows("s9", "chair", null, null, new float[][] {{1, 2}}))
        .hasMessageStartingWith("sketch s9: rows[0] has 2 values instead of 3;");
    assertThatThrownBy(() -> SketchXReader.fromRows("s9", "chair", null, null,
        new float[][] {{Float.NaN, 2, 1}}))
        .hasMessageStartingWith("sketch s9: rows[0] has a non-finite coordinate");
    assertThatThrownBy(() -> SketchXReader.fromRows("s9", "chair", null, null, new float[0][]))
        .hasMessageStartingWith("sketch s9: rows is empty");
    assertThatThrownBy(() -> SketchXReader.fromRows("s9", " ", null, null, new float[][] {{1, 2, 1}}))
        .hasMessageStartingWith("sketch s9: category is missing or blank");
  }

  @Test
  void parseLineReadsIdSplitPhotoAndPoints() {
    Sketch sketch = SketchXReader.parseLine("c.ndjson", 7,
        "{\"sketch_id\":\"/test/9910-02-carbon_1\",\"split\":\"test\",\"photo_id\":\"9910-02-carbon\","
            + "\"points\":[[46.751,66.726,0],[52.117,56.0,1],[62.282,49.662,1.0]]}", "chair");

    assertThat(sketch.id()).isEqualTo("/test/9910-02-carbon_1");
    assertThat(sketch.category()).isEqualTo("chair");
    assertThat(sketch.split()).contains("test");
    assertThat(sketch.photoId()).contains("9910-02-carbon");
    assertThat(sketch.strokeCount()).isEqualTo(2);
    assertThat(sketch.strokes().get(0).xs()).containsExactly(46.751f, 52.117f);
    assertThat(sketch.strokes().get(1).ys()).containsExactly(49.662f);
  }

  @Test
  void parseLineEqualsFromRowsOnTheSameRows() {
    Sketch parsed = SketchXReader.parseLine("c.ndjson", 1,
        "{\"sketch_id\":\"a\",\"points\":[[1,2,0],[3,4,1],[5,6,0]]}", "chair");

    assertThat(parsed).isEqualTo(SketchXReader.fromRows("a", "chair", null, null,
        new float[][] {{1, 2, 0}, {3, 4, 1}, {5, 6, 0}}));
  }

  @Test
  void readAllUsesTheGivenCategory(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("x.ndjson");
    Files.writeString(file, "{\"sketch_id\":\"a\",\"points\":[[1,2,1]]}\n\n"
        + "{\"sketch_id\":\"b\",\"points\":[[1,2,0],[2,3,1]]}\n");

    List<Sketch> sketches = SketchXReader.readAll(file, "shoe");

    assertThat(sketches).extracting(Sketch::id).containsExactly("a", "b");
    assertThat(sketches).extracting(Sketch::category).containsOnly("shoe");
  }
}
