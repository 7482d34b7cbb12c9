package org.fgsbir.core.raster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.raster.RasterOptions.Placement;
import org.fgsbir.core.raster.RasterOptions.Polarity;
import org.fgsbir.core.sketch.Sketch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Properties every raster must have, checked on hand-made and seeded random sketches. */
class RasterizerPropertyTest {

  private static final RasterOptions FIT_64 =
      new RasterOptions(64, 3f, 8f, Polarity.DARK_ON_LIGHT, Placement.FIT_SKETCH_BOUNDS, 256f);

  private static List<Sketch> sketches() {
    List<Sketch> list = new ArrayList<>(List.of(TestSketches.dot(), TestSketches.line(),
        TestSketches.verticalLine(), TestSketches.house(), TestSketches.shoeOnCanvas()));
    for (long seed = 1; seed <= 12; seed++) {
      list.add(TestSketches.random(seed));
    }
    return list;
  }

  @Test
  void outputIsOneChannelSquareWithValuesInUnitRange() {
    for (Sketch sketch : sketches()) {
      ImageTensor t = Rasterizer.render(sketch, FIT_64);
      assertThat(t.channels()).isEqualTo(1);
      assertThat(t.height()).isEqualTo(64);
      assertThat(t.width()).isEqualTo(64);
      for (float v : t.data()) {
        assertThat(v).as(sketch.id()).isBetween(0f, 1f);
      }
      assertThat(minimum(t)).as("some full ink in %s", sketch.id()).isEqualTo(0f);
    }
  }

  @Test
  void sameInputGivesIdenticalOutput() {
    for (Sketch sketch : sketches()) {
      ImageTensor first = Rasterizer.render(sketch, FIT_64);
      ImageTensor again = Rasterizer.render(sketch, FIT_64);
      Sketch copy = new Sketch(sketch.id(), sketch.category(), null, null, new ArrayList<>(sketch.strokes()));
      assertThat(again.data()).isEqualTo(first.data());
      assertThat(Rasterizer.render(copy, FIT_64).data()).isEqualTo(first.data());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"FIT_SKETCH_BOUNDS", "ABSOLUTE_CANVAS"})
  void everyPointPrefixHasInkOnlyWhereTheCompleteSketchHasInk(String placement) {
    RasterOptions options =
        new RasterOptions(48, 2.5f, 4f, Polarity.DARK_ON_LIGHT, Placement.valueOf(placement), 256f);
    for (Sketch complete : sketches()) {
      float[] full = Rasterizer.render(complete, options).data();
      for (int n = 1; n <= complete.pointCount(); n++) {
        float[] part = Rasterizer.render(complete.firstPoints(n), complete, options).data();
        for (int i = 0; i < full.length; i++) {
          // Dark on light: less value = more ink. A prefix may never be darker than the complete sketch.
          if (part[i] < full[i]) {
            throw new AssertionError(complete.id() + " prefix of " + n + " points has more ink at pixel "
                + i + ": " + part[i] + " < " + full[i]);
          }
        }
      }
      float[] wholeStrokes = Rasterizer.render(complete.firstStrokes(complete.strokeCount()), complete,
          options).data();
      assertThat(wholeStrokes).isEqualTo(full);
    }
  }

  @Test
  void prefixesAreDrawnInTheCompleteSketchsFrameNotTheirOwn() {
    Sketch house = TestSketches.house();
    Sketch walls = house.firstStrokes(1);
    ImageTensor inFrame = Rasterizer.render(walls, house, FIT_64);
    ImageTensor ownFrame = Rasterizer.render(walls, FIT_64);
    assertThat(inFrame.data()).isNotEqualTo(ownFrame.data());
    // In the house's frame the walls (lower 60% of the box) leave the top rows, where the roof goes, empty.
    int[] box = inkBox(inFrame);
    int[] houseBox = inkBox(Rasterizer.render(house, FIT_64));
    assertThat(box[0]).isGreaterThan(houseBox[0] + 10);
    assertThat(box[2]).isEqualTo(houseBox[2]);
  }

  @Test
  void fittedSketchFillsThePaddedSquareAndIsCentred() {
    for (Sketch sketch : sketches()) {
      if (sketch.bounds().width() == 0 && sketch.bounds().height() == 0) {
        continue; // a dot has no box to fill; checked separately
      }
      for (float padding : new float[] {0f, 5f, 12.5f}) {
        RasterOptions options =
            new RasterOptions(64, 3f, padding, Polarity.DARK_ON_LIGHT, Placement.FIT_SKETCH_BOUNDS, 256f);
        int[] box = inkBox(Rasterizer.render(sketch, options)); // top, left, bottom, right
        float reach = 1.5f + 0.5f; // line radius + anti-aliasing ramp
        for (int edge : box) {
          assertThat(edge).isBetween(0, 63);
        }
        // Ink stays within the padded square grown by the line's reach ...
        assertThat((float) Math.min(box[0], box[1])).as(sketch.id()).isGreaterThan(padding - 0.5f - reach);
        assertThat((float) Math.max(box[2], box[3])).as(sketch.id()).isLessThan(64 - padding - 0.5f + reach);
        // ... the longer side reaches both padded edges ...
        boolean wide = sketch.bounds().width() >= sketch.bounds().height();
        int low = wide ? box[1] : box[0];
        int high = wide ? box[3] : box[2];
        assertThat((float) low).as(sketch.id()).isLessThanOrEqualTo(padding);
        assertThat((float) high).as(sketch.id()).isGreaterThanOrEqualTo(64 - padding - 1);
        // ... and the shorter side is centred (within rounding of the ink edges).
        int shortLow = wide ? box[0] : box[1];
        int shortHigh = wide ? box[2] : box[3];
        assertThat(shortLow + shortHigh).as(sketch.id()).isBetween(62, 64);
      }
    }
  }

  @Test
  void singleDotAndVerticalLineAreSymmetricAboutTheCentre() {
    for (Sketch sketch : List.of(TestSketches.dot(), TestSketches.verticalLine())) {
      ImageTensor t = Rasterizer.render(sketch, FIT_64);
      for (int y = 0; y < 64; y++) {
        for (int x = 0; x < 64; x++) {
          assertThat(t.at(0, y, x)).as("%s (%d,%d)", sketch.id(), y, x).isEqualTo(t.at(0, y, 63 - x));
        }
      }
      if (sketch.pointCount() == 1) {
        for (int y = 0; y < 64; y++) {
          for (int x = 0; x < 64; x++) {
            assertThat(t.at(0, y, x)).isEqualTo(t.at(0, 63 - y, x));
          }
        }
        // Centre (31.5, 31.5) lies between four pixels at distance sqrt(0.5) < r + 0.5 - 1: full ink.
        assertThat(t.at(0, 31, 31)).isEqualTo(0f);
        assertThat(t.at(0, 0, 0)).isEqualTo(1f);
      }
    }
  }

  @Test
  void horizontalLineCoverageFollowsTheDistanceRamp() {
    // On a 32 px canvas of 32 units a coordinate is a pixel centre. Line width 3: radius 1.5, so rows at
    // distance 0 and 1 are fully inked (1.5 + 0.5 - d >= 1), distance 2 gets nothing.
    RasterOptions options =
        new RasterOptions(32, 3f, 0f, Polarity.LIGHT_ON_DARK, Placement.ABSOLUTE_CANVAS, 32f);
    ImageTensor t = Rasterizer.render(TestSketches.sketch("h", TestSketches.stroke(5, 10, 25, 10)), options);
    assertThat(t.at(0, 10, 15)).isEqualTo(1f);
    assertThat(t.at(0, 9, 15)).isEqualTo(1f);
    assertThat(t.at(0, 11, 15)).isEqualTo(1f);
    assertThat(t.at(0, 8, 15)).isEqualTo(0f);
    assertThat(t.at(0, 12, 15)).isEqualTo(0f);
    // Beyond the end cap (x = 25): at x = 27, distance 2 -> none; x = 26 on the axis, distance 1 -> full.
    assertThat(t.at(0, 10, 26)).isEqualTo(1f);
    assertThat(t.at(0, 10, 27)).isEqualTo(0f);
    // Half-pixel offset: line at y = 10.5 puts rows 10 and 11 at 0.5 (full) and rows 9, 12 at 1.5 (half).
    ImageTensor half =
        Rasterizer.render(TestSketches.sketch("h2", TestSketches.stroke(5, 10.5f, 25, 10.5f)), options);
    assertThat(half.at(0, 10, 15)).isEqualTo(1f);
    assertThat(half.at(0, 12, 15)).isCloseTo(0.5f, within(1e-6f));
    assertThat(half.at(0, 9, 15)).isCloseTo(0.5f, within(1e-6f));
  }

  @Test
  void absoluteCanvasScalesCoordinatesBySizeOverCanvas() {
    Sketch point = TestSketches.sketch("p", TestSketches.stroke(128, 64));
    ImageTensor full = Rasterizer.render(point, RasterOptions.referenceCode());
    assertThat(full.at(0, 64, 128)).isEqualTo(1f);
    assertThat(full.at(0, 64, 131)).isEqualTo(0f);
    ImageTensor halfSize = Rasterizer.render(point, RasterOptions.referenceCode().withSize(128));
    assertThat(halfSize.at(0, 32, 64)).isEqualTo(1f);
    assertThat(halfSize.at(0, 100, 100)).isEqualTo(0f);
    // Off-canvas ink is clipped, not an error.
    Sketch outside = TestSketches.sketch("o", TestSketches.stroke(-100, -100, 400, -50));
    assertThat(maximum(Rasterizer.render(outside, RasterOptions.referenceCode()))).isEqualTo(0f);
  }

  @Test
  void segmentsWithFarAwayEndsStillCrossTheImage() {
    // Ends far beyond the int range in pixels; the segment passes through pixel row 100, cols 0..255.
    Sketch across = TestSketches.sketch("far", TestSketches.stroke(-1e12f, 100, 1e12f, 100));
    ImageTensor t = Rasterizer.render(across, RasterOptions.referenceCode());
    for (int x = 0; x < 256; x++) {
      assertThat(t.at(0, 100, x)).as("col %d", x).isEqualTo(1f);
      assertThat(t.at(0, 90, x)).as("col %d", x).isEqualTo(0f);
    }
    Sketch diagonal = TestSketches.sketch("far2", TestSketches.stroke(-1e12f, -1e12f, 1e12f, 1e12f));
    ImageTensor d = Rasterizer.render(diagonal, RasterOptions.referenceCode());
    for (int i = 0; i < 256; i++) {
      assertThat(d.at(0, i, i)).as("diagonal pixel %d", i).isEqualTo(1f);
    }
  }

  @Test
  void lightOnDarkIsTheComplementOfDarkOnLight() {
    for (Sketch sketch : sketches()) {
      RasterOptions light =
          new RasterOptions(64, 3f, 8f, Polarity.LIGHT_ON_DARK, Placement.FIT_SKETCH_BOUNDS, 256f);
      float[] dark = Rasterizer.render(sketch, FIT_64).data();
      float[] bright = Rasterizer.render(sketch, light).data();
      for (int i = 0; i < dark.length; i++) {
        assertThat(bright[i]).isCloseTo(1f - dark[i], within(1e-6f));
      }
      assertThat(bright[0]).as("paper in the corner of %s", sketch.id()).isEqualTo(0f);
      assertThat(dark[0]).as("paper in the corner of %s", sketch.id()).isEqualTo(1f);
    }
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThatThrownBy(() -> Rasterizer.render(null, FIT_64)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Rasterizer.render(TestSketches.dot(), null))
        .isInstanceOf(NullPointerException.class);
  }

  /** {top, left, bottom, right} of pixels with any ink (value below 1 in dark-on-light). */
  private static int[] inkBox(ImageTensor t) {
    int top = Integer.MAX_VALUE;
    int left = Integer.MAX_VALUE;
    int bottom = -1;
    int right = -1;
    for (int y = 0; y < t.height(); y++) {
      for (int x = 0; x < t.width(); x++) {
        if (t.at(0, y, x) < 1f) {
          top = Math.min(top, y);
          left = Math.min(left, x);
          bottom = Math.max(bottom, y);
          right = Math.max(right, x);
        }
      }
    }
    return new int[] {top, left, bottom, right};
  }

  private static float minimum(ImageTensor t) {
    float m = Float.POSITIVE_INFINITY;
    for (float v : t.data()) {
      m = Math.min(m, v);
    }
    return m;
  }

  private static float maximum(ImageTensor t) {
    float m = Float.NEGATIVE_INFINITY;
    for (float v : t.data()) {
      m = Math.max(m, v);
    }
    return m;
  }
}
