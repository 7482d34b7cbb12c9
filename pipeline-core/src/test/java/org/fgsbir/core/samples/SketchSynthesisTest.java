package org.fgsbir.core.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.samples.Figure.Level;
import org.fgsbir.core.sketch.Bounds;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;
import org.junit.jupiter.api.Test;

class SketchSynthesisTest {
  private static final long SEED = SampleCatalogueGenerator.DEFAULT_SEED;

  static Figure figure(SampleCategory c, int index) {
    Rng inst = Rng.forKey(SEED, c.word(), "instance", Integer.toString(index));
    int family = inst.fork("family").between(0, SampleCatalogueGenerator.FAMILIES - 1);
    Rng fam = Rng.forKey(SEED, c.word(), "family", Integer.toString(family));
    Variation v = new Variation(fam.fork("design"), inst.fork("design"));
    return c == SampleCategory.SHOE ? ShoeModel.build(ShoeModel.design(v), inst.fork("build"))
        : ChairModel.build(ChairModel.design(v), inst.fork("build"));
  }

  @Test
  void cleanStrokesGoFromOutlineToMajorPartsToDetails() {
    for (SampleCategory c : SampleCategory.values()) {
      for (int i = 1; i <= 3; i++) {
        List<SketchSynthesizer.CleanStroke> clean = SketchSynthesizer.cleanStrokes(figure(c, i));
        assertThat(clean.get(0).level()).isEqualTo(Level.OUTLINE);
        assertThat(clean.stream().filter(s -> s.level() == Level.OUTLINE)).hasSize(1);
        List<Level> levels = clean.stream().map(SketchSynthesizer.CleanStroke::level).toList();
        assertThat(levels).as("%s %d", c, i).isSortedAccordingTo(Enum::compareTo);
        assertThat(levels).contains(Level.MAJOR, Level.DETAIL);
      }
    }
  }

  @Test
  void theFirstStrokeIsTheOutlineAndSpansTheDrawing() {
    for (SampleCategory c : SampleCategory.values()) {
      for (int i = 1; i <= 2; i++) {
        List<SketchSynthesizer.CleanStroke> clean = SketchSynthesizer.cleanStrokes(figure(c, i));
        for (int k = 0; k < 12; k++) {
          Sketch s = SketchSynthesizer.synthesize(clean, Rng.forKey(k, "test"), "s", c.word(), "p", "train");
          Bounds all = s.bounds();
          Bounds first = bounds(s.strokes().get(0));
          String what = c + " " + i + " sketch " + k;
          assertThat(first.width()).as(what).isGreaterThanOrEqualTo(0.85f * all.width());
          assertThat(first.height()).as(what).isGreaterThanOrEqualTo(0.85f * all.height());
          double firstArea = (double) first.width() * first.height();
          for (Stroke st : s.strokes().subList(1, s.strokeCount())) {
            Bounds b = bounds(st);
            assertThat((double) b.width() * b.height()).as(what).isLessThanOrEqualTo(firstArea);
          }
        }
      }
    }
  }

  @Test
  void sketchesHaveIntegerPointsOnTheCanvasAndIncreasingTimesWithPauses() {
    List<SketchSynthesizer.CleanStroke> clean = SketchSynthesizer.cleanStrokes(figure(SampleCategory.SHOE, 1));
    Sketch s = SketchSynthesizer.synthesize(clean, Rng.forKey(1, "t"), "s", "shoe", "p", "test");

    assertThat(s.strokes().get(0).t(0)).isZero();
    double last = -1;
    Stroke previous = null;
    for (Stroke st : s.strokes()) {
      assertThat(st.hasTime()).isTrue();
      if (previous != null) {
        assertThat(st.t(0) - previous.t(previous.size() - 1)).as("pause between strokes").isGreaterThanOrEqualTo(40);
      }
      for (int i = 0; i < st.size(); i++) {
        assertThat(st.x(i)).isBetween(0f, 255f).isEqualTo((float) Math.rint(st.x(i)));
        assertThat(st.y(i)).isBetween(0f, 255f).isEqualTo((float) Math.rint(st.y(i)));
        assertThat(st.t(i)).isGreaterThan(last).isEqualTo(Math.rint(st.t(i)));
        last = st.t(i);
      }
      previous = st;
    }
    Bounds b = s.bounds();
    assertThat(Math.max(b.width(), b.height())).as("drawing size on the 256 canvas").isBetween(150f, 250f);
  }

  @Test
  void sketchesOfOneInstanceDifferAndSometimesOmitDetails() {
    List<SketchSynthesizer.CleanStroke> clean = SketchSynthesizer.cleanStrokes(figure(SampleCategory.SHOE, 2));
    long details = clean.stream().filter(c -> c.level() == Level.DETAIL).count();
    List<Sketch> sketches = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      sketches.add(SketchSynthesizer.synthesize(clean, Rng.forKey(k, "omit"), "s" + k, "shoe", "p", "test"));
    }
    assertThat(sketches.stream().map(Sketch::strokes).distinct()).hasSize(8);
    assertThat(sketches).anySatisfy(s -> assertThat((long) s.strokeCount()).isLessThan(clean.size()));
    assertThat(details).isPositive();
  }

  @Test
  void instancesOfOneFamilyShareTheirDesignButDifferInDetails() {
    // find two shoes of the same family among the first instances
    int[] familyOf = new int[40];
    int a = -1;
    int b = -1;
    for (int i = 1; i < familyOf.length && a < 0; i++) {
      familyOf[i] = Rng.forKey(SEED, "shoe", "instance", Integer.toString(i)).fork("family")
          .between(0, SampleCatalogueGenerator.FAMILIES - 1);
      for (int j = 1; j < i; j++) {
        if (familyOf[j] == familyOf[i]) {
          a = j;
          b = i;
          break;
        }
      }
    }
    assertThat(a).isPositive();
    ShoeModel.Design da = design(a);
    ShoeModel.Design db = design(b);
    assertThat(db.type()).isEqualTo(da.type());
    assertThat(db).isNotEqualTo(da);
    assertThat(Math.abs(db.length() - da.length())).as("same family, similar length").isLessThan(8);
  }

  private static ShoeModel.Design design(int index) {
    Rng inst = Rng.forKey(SEED, "shoe", "instance", Integer.toString(index));
    int family = inst.fork("family").between(0, SampleCatalogueGenerator.FAMILIES - 1);
    Rng fam = Rng.forKey(SEED, "shoe", "family", Integer.toString(family));
    return ShoeModel.design(new Variation(fam.fork("design"), inst.fork("design")));
  }

  private static Bounds bounds(Stroke s) {
    return new Sketch("x", "c", null, null, List.of(s)).bounds();
  }
}
