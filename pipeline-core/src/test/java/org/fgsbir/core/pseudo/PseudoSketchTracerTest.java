package org.fgsbir.core.pseudo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.sketch.Bounds;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;
import org.junit.jupiter.api.Test;

class PseudoSketchTracerTest {
  private static final int S = 256;
  private static final TraceOptions EXACT = TraceOptions.defaults().exact();

  /** White image with a dark rectangle (x 60..199, y 80..179) and a small dark square (x 20..27, y 20..27). */
  private static float[] rectangleAndDot() {
    float[] grey = new float[S * S];
    Arrays.fill(grey, 1f);
    fill(grey, 60, 80, 200, 180);
    fill(grey, 20, 20, 28, 28);
    return grey;
  }

  private static void fill(float[] grey, int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        grey[y * S + x] = 0f;
      }
    }
  }

  private static double distanceToRectangleOutline(double x, double y, double x0, double y0, double x1, double y1) {
    double dx = Math.max(Math.max(x0 - x, 0), x - x1);
    double dy = Math.max(Math.max(y0 - y, 0), y - y1);
    double outside = Math.hypot(dx, dy);
    if (outside > 0) {
      return outside;
    }
    return Math.min(Math.min(x - x0, x1 - x), Math.min(y - y0, y1 - y));
  }

  @Test
  void contoursFollowTheOutlinesLongestFirst() {
    List<int[][]> contours = new PseudoSketchTracer(EXACT).contours(rectangleAndDot());
    assertThat(contours).hasSizeGreaterThanOrEqualTo(2);
    for (int i = 1; i < contours.size(); i++) {
      assertThat(contours.get(i)[0].length).isLessThanOrEqualTo(contours.get(i - 1)[0].length);
    }
    // The rectangle's outline (perimeter ~480 px) is one contour, traced nearly whole, and comes first.
    int[][] first = contours.get(0);
    assertThat(first[0].length).isBetween(400, 560);
    for (int i = 0; i < first[0].length; i++) {
      assertThat(distanceToRectangleOutline(first[0][i] + 0.5, first[1][i] + 0.5, 60, 80, 200, 180)).isLessThan(2.5);
    }
    // The dot's outline (~32 px) is there too, shorter than the detail length.
    assertThat(contours).anySatisfy(c -> {
      assertThat(c[0].length).isBetween(EXACT.minContourPixels(), EXACT.detailPixels() - 1);
      assertThat(Arrays.stream(c[0]).max().getAsInt()).isLessThan(32);
    });
  }

  @Test
  void exactSketchDrawsTheContoursInOrderSimplified() {
    PseudoSketchTracer tracer = new PseudoSketchTracer(EXACT);
    List<int[][]> contours = tracer.contours(rectangleAndDot());
    Sketch sketch = tracer.trace("rect", "shoe", rectangleAndDot(), 1).get(0);
    assertThat(sketch.id()).isEqualTo("rect_p1");
    assertThat(sketch.photoId()).contains("rect");
    assertThat(sketch.strokeCount()).isEqualTo(Math.min(contours.size(), EXACT.maxStrokes()));
    for (int k = 0; k < sketch.strokeCount(); k++) {
      Stroke stroke = sketch.strokes().get(k);
      assertThat(stroke.x(0)).isEqualTo(contours.get(k)[0][0] + 0.5f);
      assertThat(stroke.y(0)).isEqualTo(contours.get(k)[1][0] + 0.5f);
      assertThat(stroke.size()).isLessThan(contours.get(k)[0].length); // simplified
    }
    // A rectangle's outline simplifies to a handful of corners.
    assertThat(sketch.strokes().get(0).size()).isBetween(4, 16);
    Bounds b = new Sketch("r", "shoe", null, null, List.of(sketch.strokes().get(0))).bounds();
    assertThat((double) b.minX()).isBetween(58.0, 62.0);
    assertThat((double) b.maxX()).isBetween(198.0, 202.0);
    assertThat((double) b.minY()).isBetween(78.0, 82.0);
    assertThat((double) b.maxY()).isBetween(178.0, 182.0);
  }

  @Test
  void detailsAreDroppedWithTheirProbabilityButNeverTheLongestContour() {
    TraceOptions dropAll = new TraceOptions(S, 0.12f, 0.04f, 12, 48, 1.0, 40, 1.0, 0, 0, 0, 5L);
    Sketch dropped = new PseudoSketchTracer(dropAll).trace("rect", "shoe", rectangleAndDot(), 1).get(0);
    Sketch kept = new PseudoSketchTracer(EXACT).trace("rect", "shoe", rectangleAndDot(), 1).get(0);
    assertThat(dropped.strokeCount()).isEqualTo(1);
    assertThat(dropped.strokes().get(0)).isEqualTo(kept.strokes().get(0));
    assertThat(kept.strokeCount()).isGreaterThan(1);
    assertThat(kept.bounds().minX()).isLessThan(30f);
  }

  @Test
  void deformationMovesPointsBoundedlyAndIsSeededAndReproducible() {
    TraceOptions options = TraceOptions.defaults();
    List<Sketch> a = new PseudoSketchTracer(options).trace("photo-7", "shoe", rectangleAndDot(), 2);
    List<Sketch> b = new PseudoSketchTracer(options).trace("photo-7", "shoe", rectangleAndDot(), 2);
    assertThat(a).isEqualTo(b);
    assertThat(a.get(0).strokes().get(0)).isNotEqualTo(a.get(1).strokes().get(0)); // two different drawings
    List<Sketch> otherSeed = new PseudoSketchTracer(options.withSeed(99)).trace("photo-7", "shoe",
        rectangleAndDot(), 2);
    assertThat(otherSeed.get(0).strokes().get(0)).isNotEqualTo(a.get(0).strokes().get(0));
    List<Sketch> otherPhoto = new PseudoSketchTracer(options).trace("photo-8", "shoe", rectangleAndDot(), 1);
    assertThat(otherPhoto.get(0).strokes().get(0)).isNotEqualTo(a.get(0).strokes().get(0));
    // Warp 2% + affine 4% + shift 1% of 256 px: the outline moves, but stays within ~20 px of itself.
    Stroke outline = a.get(0).strokes().get(0);
    double moved = 0;
    for (int i = 0; i < outline.size(); i++) {
      double d = distanceToRectangleOutline(outline.x(i), outline.y(i), 60, 80, 200, 180);
      assertThat(d).isLessThan(20);
      moved = Math.max(moved, d);
    }
    assertThat(moved).isGreaterThan(1);
  }

  @Test
  void aBlankImageCannotBeTraced() {
    float[] white = new float[S * S];
    Arrays.fill(white, 1f);
    assertThatThrownBy(() -> new PseudoSketchTracer(EXACT).trace("blank-1", "shoe", white, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot trace photo blank-1: no contour of 12+ pixels");
  }

  static List<PseudoSketchEvaluation.Photo> shoeV2Photos(int limit) throws IOException {
    Path dir = Path.of(System.getProperty("fgsbir.project.root", "."))
        .resolve("../shared/external-data/qmul-shoev2-photos-subset").normalize();
    assumeTrue(Files.isDirectory(dir), "Shoe-V2 photo subset not present at " + dir);
    List<PseudoSketchEvaluation.Photo> photos = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".png")).sorted().limit(limit).toList()) {
        photos.add(new PseudoSketchEvaluation.Photo(p.getFileName().toString().replace(".png", ""),
            Files.readAllBytes(p)));
      }
    }
    return photos;
  }

  @Test
  void realShoePhotosGiveNonEmptyStrokesLongestContourFirst() throws IOException {
    PseudoSketchTracer tracer = new PseudoSketchTracer(TraceOptions.defaults());
    for (PseudoSketchEvaluation.Photo photo : shoeV2Photos(5)) {
      List<Sketch> sketches = tracer.trace(photo.id(), "shoe", photo.bytes(), 2);
      assertThat(sketches).extracting(Sketch::id).containsExactly(photo.id() + "_p1", photo.id() + "_p2");
      for (Sketch s : sketches) {
        assertThat(s.strokeCount()).as(s.id()).isBetween(2, TraceOptions.defaults().maxStrokes());
        assertThat(s.pointCount()).as(s.id()).isGreaterThanOrEqualTo(17);
        Bounds b = s.bounds();
        assertThat((double) b.width()).as(s.id() + " width").isGreaterThan(S / 3.0);
        assertThat((double) b.minX()).isGreaterThan(-S * 0.2);
        assertThat((double) b.maxX()).isLessThan(S * 1.2);
      }
      // The exact trace keeps the same order: its first stroke is the photo's longest contour.
      Sketch exact = new PseudoSketchTracer(EXACT).trace(photo.id(), "shoe", photo.bytes(), 1).get(0);
      double first = arcLength(exact.strokes().get(0));
      for (Stroke other : exact.strokes()) {
        assertThat(arcLength(other)).isLessThanOrEqualTo(first * 1.01);
      }
    }
  }

  private static double arcLength(Stroke s) {
    double len = 0;
    for (int i = 1; i < s.size(); i++) {
      len += Math.hypot(s.x(i) - s.x(i - 1), s.y(i) - s.y(i - 1));
    }
    return len;
  }

  @Test
  void evaluationRanksEveryStepOfEveryPseudoSketchAmongThePhotos() throws IOException {
    List<PseudoSketchEvaluation.Photo> photos = shoeV2Photos(4);
    PseudoSketchEvaluation.SketchSet set = PseudoSketchEvaluation.trace(photos, "shoe",
        new PseudoSketchTracer(TraceOptions.defaults()), 2);
    assertThat(set.sketches()).hasSize(8);
    List<PartialProtocol> protocols = List.of(PartialProtocol.onTheFly(), PartialProtocol.byStroke());
    List<PseudoSketchEvaluation.Result> results = PseudoSketchEvaluation.evaluate(set, BaselineEmbedder.spec(),
        protocols, 16);
    assertThat(results).extracting(PseudoSketchEvaluation.Result::protocol).containsExactly("points17", "stroke");
    int strokes = set.sketches().stream().mapToInt(Sketch::strokeCount).sum();
    assertThat(results.get(0).queries()).isEqualTo(8 * 17);
    assertThat(results.get(1).queries()).isEqualTo(strokes);
    for (PseudoSketchEvaluation.Result r : results) {
      assertThat(r.model()).isEqualTo(BaselineEmbedder.spec().version());
      assertThat(r.summary().sketches()).isEqualTo(8);
      assertThat(r.summary().minGallerySize()).isEqualTo(4);
      assertThat(r.summary().acc10()).isEqualTo(1.0); // 4 photos: the true one is always in the top 10
      assertThat(r.summary().acc1()).isBetween(0.0, 1.0);
      assertThat(r.summary().mB()).isBetween(0.25, 1.0);
    }
  }
}
