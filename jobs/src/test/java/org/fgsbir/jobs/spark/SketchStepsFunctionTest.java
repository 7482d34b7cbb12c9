package org.fgsbir.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Row;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.RasterOptions;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchFormat;
import org.fgsbir.core.sketch.SketchFormatException;
import org.fgsbir.core.sketch.SketchReaders;
import org.fgsbir.jobs.Schemas;
import org.fgsbir.jobs.ml.SketchEmbedder;
import org.junit.jupiter.api.Test;

/**
 * {@link SketchStepsFunction}, the score job's cut before {@link SketchEmbedder}: the stroke arrays it writes
 * rasterise, through the stage's reading, to exactly the pixels of the partial sketches themselves (so the
 * job's embeddings did not change when it moved onto the stage), and rejects keep their reason codes.
 */
class SketchStepsFunctionTest {
  private static final String SOURCE = "file:/data/sketches.ndjson";
  private static final String FORMAT = SketchFormat.QUICKDRAW.name();
  private static final List<String> PROTOCOLS = List.of("points17", "stroke");

  private static List<String> sampleLines(int n) throws IOException {
    Path file = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples/sketches/sketches.ndjson");
    try (var lines = Files.lines(file)) {
      return lines.limit(n).toList();
    }
  }

  private static List<Row> run(String split, List<SketchInputs.Input> inputs) {
    List<Row> out = new ArrayList<>();
    Iterator<Row> rows = new SketchStepsFunction(PROTOCOLS, split, null).call(inputs.iterator());
    rows.forEachRemaining(out::add);
    return out;
  }

  private static String str(Row r, String column) {
    return r.getString(SketchStepsFunction.OUTCOME_SCHEMA.fieldIndex(column));
  }

  private static Object get(Row r, String column) {
    return r.get(SketchStepsFunction.OUTCOME_SCHEMA.fieldIndex(column));
  }

  @Test
  void stepStrokesRasteriseThroughTheStageExactlyAsThePartialSketches() throws IOException {
    List<String> texts = sampleLines(3); // timed QuickDraw strokes: [x], [y], [t]
    List<SketchInputs.Input> inputs = new ArrayList<>();
    for (int i = 0; i < texts.size(); i++) {
      inputs.add(new SketchInputs.Line(SOURCE, i + 1, texts.get(i), FORMAT));
    }
    List<Row> rows = run(null, inputs);
    RasterOptions raster = BaselineEmbedder.spec().sketch();

    int expected = 0;
    int at = 0;
    for (int i = 0; i < texts.size(); i++) {
      Sketch sketch = SketchReaders.parseLine(SketchFormat.QUICKDRAW, SOURCE, i + 1, texts.get(i), null);
      assertThat(sketch.strokes().get(0).hasTime()).isTrue();
      for (String p : PROTOCOLS) {
        for (PartialSketch step : PartialProtocol.parse(p).steps(sketch)) {
          Row r = rows.get(at++);
          expected++;
          assertThat(str(r, SketchStepsFunction.OUTCOME)).isEqualTo(SketchStepsFunction.STEP);
          assertThat(str(r, Schemas.SKETCH_ID)).isEqualTo(sketch.id());
          assertThat(str(r, Schemas.PHOTO_ID)).isEqualTo(sketch.photoId().orElseThrow());
          assertThat(str(r, Schemas.PROTOCOL)).isEqualTo(step.protocol());
          assertThat(get(r, Schemas.STEP)).isEqualTo(step.step());
          assertThat(get(r, Schemas.STEPS_TOTAL)).isEqualTo(step.stepsTotal());
          assertThat(get(r, Schemas.POINTS_DRAWN)).isEqualTo(step.pointsDrawn());
          assertThat(get(r, Schemas.LINE)).isEqualTo((long) (i + 1));
          Sketch drawn = SketchEmbedder.sketchOf(sketch.id(), get(r, SketchStepsFunction.DRAWN));
          Sketch complete = SketchEmbedder.sketchOf(sketch.id(), get(r, SketchStepsFunction.COMPLETE));
          assertThat(drawn.pointCount()).isEqualTo(step.pointsDrawn());
          ImageTensor viaStage = Rasterizer.render(drawn, complete, raster);
          ImageTensor direct = Rasterizer.render(step.drawn(), step.complete(), raster);
          assertThat(viaStage.data()).as("%s %s step %d", sketch.id(), p, step.step()).containsExactly(direct.data());
        }
      }
    }
    assertThat(expected).isGreaterThan(3 * 17);
    assertThat(rows).hasSize(expected);
  }

  @Test
  void badLinesSketchesWithoutPhotoAndOtherSplitsKeepTheirOutcomesCodesAndMessages() throws IOException {
    String good = sampleLines(1).get(0); // split "test"
    String noPhoto = good.replaceFirst(",\"photo_id\":\"[^\"]*\"", "");
    assertThat(noPhoto).isNotEqualTo(good);
    String otherSplit = good.replace("\"split\":\"test\"", "\"split\":\"train\"");
    assertThat(otherSplit).isNotEqualTo(good);
    String broken = "{\"key_id\": \"x\", \"drawing\": [[[1, 2]";
    SketchFormatException parseError = (SketchFormatException) catchParse(broken);

    List<Row> rows = run("test", List.of(new SketchInputs.Line(SOURCE, 1, broken, FORMAT),
        new SketchInputs.Line(SOURCE, 2, noPhoto, FORMAT), new SketchInputs.Line(SOURCE, 3, otherSplit, FORMAT),
        new SketchInputs.BadFile("file:/data/a.svg", 0, "a.svg is not an SVG file")));

    assertThat(rows).hasSize(4);
    assertThat(str(rows.get(0), SketchStepsFunction.OUTCOME)).isEqualTo(SketchStepsFunction.REJECTED);
    assertThat(str(rows.get(0), Schemas.REASON_CODE)).isEqualTo(SketchStepsFunction.MALFORMED);
    assertThat(str(rows.get(0), Schemas.MESSAGE)).isEqualTo(parseError.getMessage());
    assertThat(str(rows.get(1), SketchStepsFunction.OUTCOME)).isEqualTo(SketchStepsFunction.REJECTED);
    assertThat(str(rows.get(1), Schemas.REASON_CODE)).isEqualTo(SketchStepsFunction.NO_PAIRED_PHOTO);
    assertThat(str(rows.get(1), Schemas.MESSAGE)).contains("(" + SOURCE + ":2)", "names no photo_id");
    assertThat(str(rows.get(2), SketchStepsFunction.OUTCOME)).isEqualTo(SketchStepsFunction.SKIPPED);
    assertThat(get(rows.get(2), SketchStepsFunction.DRAWN)).isNull();
    assertThat(str(rows.get(3), SketchStepsFunction.OUTCOME)).isEqualTo(SketchStepsFunction.REJECTED);
    assertThat(str(rows.get(3), Schemas.REASON_CODE)).isEqualTo(SketchStepsFunction.MALFORMED);
    assertThat(str(rows.get(3), Schemas.MESSAGE)).isEqualTo("a.svg is not an SVG file");
    assertThat(get(rows.get(3), Schemas.LINE)).isEqualTo(0L);
  }

  private static Throwable catchParse(String line) {
    List<Throwable> caught = new ArrayList<>();
    assertThatThrownBy(() -> SketchReaders.parseLine(SketchFormat.QUICKDRAW, SOURCE, 1, line, null))
        .isInstanceOf(SketchFormatException.class).satisfies(caught::add);
    return caught.get(0);
  }
}
