package org.fgsbir.core.partial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class PartialProtocolTest {

  /**
   * Points kept at steps 1..17: numpy's {@code np.round(np.linspace(0, N, 18))[1:]}, computed in Python
   * (numpy), with the at-least-one-point clamp applied to N = 5's first step (numpy gives 0 there).
   */
  static Stream<Arguments> numpyCutPoints() {
    return Stream.of(
        arguments(5, new int[] {1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 4, 5, 5}),
        arguments(17, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17}),
        arguments(18, new int[] {1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18}),
        arguments(40, new int[] {2, 5, 7, 9, 12, 14, 16, 19, 21, 24, 26, 28, 31, 33, 35, 38, 40}),
        arguments(100, new int[] {6, 12, 18, 24, 29, 35, 41, 47, 53, 59, 65, 71, 76, 82, 88, 94, 100}),
        arguments(113, new int[] {7, 13, 20, 27, 33, 40, 47, 53, 60, 66, 73, 80, 86, 93, 100, 106, 113}));
  }

  @ParameterizedTest(name = "N = {0}")
  @MethodSource("numpyCutPoints")
  void onTheFlyKeepsNumpysCutPoints(int n, int[] expected) {
    Sketch sketch = sketchOfPoints(n, 7);

    List<PartialSketch> steps = PartialProtocol.onTheFly().steps(sketch);

    assertThat(steps).hasSize(17);
    assertThat(steps.stream().mapToInt(PartialSketch::pointsDrawn).toArray()).containsExactly(expected);
    for (int t = 0; t < steps.size(); t++) {
      PartialSketch step = steps.get(t);
      assertThat(step.step()).isEqualTo(t + 1);
      assertThat(step.stepsTotal()).isEqualTo(17);
      assertThat(step.protocol()).isEqualTo("points17");
      assertThat(step.complete()).isSameAs(sketch);
      assertThat(flatten(step.drawn())).containsExactlyElementsOf(flatten(sketch).subList(0, expected[t]));
      assertThat(step.fractionDrawn()).isEqualTo((double) expected[t] / n);
      assertThat(step.strokesDrawn()).isEqualTo((expected[t] + 6) / 7); // strokes of 7 points
    }
    assertThat(steps.get(16).drawn()).isEqualTo(sketch);
    assertThat(steps.get(16).isFinalStep()).isTrue();
    assertThat(steps.get(15).isFinalStep()).isFalse();
  }

  @Test
  void pointFractionCutsMidStrokeKeepingTheExactPoints() {
    // strokes of 3, 4, 1 and 2 points: 10 points; 4 steps keep rint(2.5) = 2, 5, rint(7.5) = 8, 10
    Sketch sketch = sketch(3, 4, 1, 2);

    List<PartialSketch> steps = PartialProtocol.pointFraction(4).steps(sketch);

    assertThat(steps).extracting(PartialSketch::pointsDrawn).containsExactly(2, 5, 8, 10);
    assertThat(steps).extracting(PartialSketch::strokesDrawn).containsExactly(1, 2, 3, 4);
    assertThat(steps).extracting(PartialSketch::fractionDrawn).containsExactly(0.2, 0.5, 0.8, 1.0);
    Sketch two = steps.get(0).drawn();
    assertThat(two.strokes()).singleElement().satisfies(s -> {
      assertThat(s.xs()).containsExactly(0f, 1f);
      assertThat(s.ys()).containsExactly(100f, 101f);
    });
    Sketch five = steps.get(1).drawn();
    assertThat(five.strokes().get(0)).isEqualTo(sketch.strokes().get(0));
    assertThat(five.strokes().get(1).xs()).containsExactly(3f, 4f);
    Sketch eight = steps.get(2).drawn();
    assertThat(eight.strokes()).containsExactlyElementsOf(sketch.strokes().subList(0, 3));
    assertThat(steps.get(3).drawn()).isEqualTo(sketch);
  }

  @Test
  void exactHalvesRoundToEven() {
    // 29 * 7 / 14 = 14.5 exactly -> 14 (numpy's linspace gives 14.500000000000002 and rounds to 15)
    assertThat(PartialProtocol.pointFraction(14).steps(sketchOfPoints(29, 5)).get(6).pointsDrawn())
        .isEqualTo(14);
    // 3 * 1 / 2 = 1.5 -> 2 and 5 * 1 / 2 = 2.5 -> 2
    assertThat(PartialProtocol.pointFraction(2).steps(sketchOfPoints(3, 5)).get(0).pointsDrawn()).isEqualTo(2);
    assertThat(PartialProtocol.pointFraction(2).steps(sketchOfPoints(5, 5)).get(0).pointsDrawn()).isEqualTo(2);
  }

  @Test
  void cutStrokesKeepTheirTimes() {
    Sketch timed = new Sketch("t", "shoe", null, null, List.of(
        Stroke.of(new float[] {0, 1, 2, 3}, new float[] {0, 0, 0, 0}, new double[] {0, 10, 20, 30})));

    PartialSketch half = PartialProtocol.pointFraction(2).steps(timed).get(0);

    assertThat(half.drawn().strokes()).singleElement()
        .satisfies(s -> assertThat(s.ts()).containsExactly(0.0, 10.0));
  }

  @Test
  void sketchWithFewerPointsThanStepsKeepsAtLeastOnePoint() {
    Sketch twoPoints = sketch(2);

    List<PartialSketch> steps = PartialProtocol.onTheFly().steps(twoPoints);

    // rint(2 t / 17): 0 for t <= 4 (clamped to 1), 1 for t = 5..12 (2 * 12 / 17 = 1.41), 2 from t = 13 (1.53)
    int[] kept = steps.stream().mapToInt(PartialSketch::pointsDrawn).toArray();
    assertThat(kept).hasSize(17).containsOnly(1, 2);
    for (int t = 1; t <= 17; t++) {
      assertThat(kept[t - 1]).as("step %d", t).isEqualTo(Math.max(1, Math.round(2.0 * t / 17)));
    }
    assertThat(kept[12]).isEqualTo(2);
    assertThat(kept[11]).isEqualTo(1);
  }

  @Test
  void singlePointSketchRepeatsItself() {
    Sketch dot = sketch(1);

    assertThat(PartialProtocol.onTheFly().steps(dot))
        .hasSize(17)
        .allSatisfy(step -> {
          assertThat(step.drawn()).isEqualTo(dot);
          assertThat(step.fractionDrawn()).isEqualTo(1.0);
        });
  }

  @Test
  void oneStepIsTheCompleteSketch() {
    Sketch sketch = sketch(3, 2);

    assertThat(PartialProtocol.pointFraction(1).steps(sketch)).singleElement().satisfies(step -> {
      assertThat(step.drawn()).isEqualTo(sketch);
      assertThat(step.protocol()).isEqualTo("points1");
      assertThat(step.isFinalStep()).isTrue();
    });
  }

  @Test
  void pointStepsAreNestedPrefixesForEveryStepCount() {
    Sketch sketch = sketch(5, 1, 9, 2, 6);
    for (int steps = 1; steps <= 40; steps++) {
      List<PartialSketch> parts = PartialProtocol.pointFraction(steps).steps(sketch);
      assertThat(parts).hasSize(steps);
      int previous = 0;
      for (PartialSketch part : parts) {
        assertThat(part.pointsDrawn()).isGreaterThanOrEqualTo(Math.max(1, previous));
        assertThat(flatten(part.drawn())).isEqualTo(flatten(sketch).subList(0, part.pointsDrawn()));
        previous = part.pointsDrawn();
      }
      assertThat(previous).isEqualTo(sketch.pointCount());
    }
  }

  @Test
  void byStrokeKeepsOneMoreStrokeEachStep() {
    Sketch sketch = sketch(3, 4, 1, 2);

    List<PartialSketch> steps = PartialProtocol.byStroke().steps(sketch);

    assertThat(steps).hasSize(4);
    assertThat(steps).extracting(PartialSketch::step).containsExactly(1, 2, 3, 4);
    assertThat(steps).extracting(PartialSketch::stepsTotal).containsOnly(4);
    assertThat(steps).extracting(PartialSketch::protocol).containsOnly("stroke");
    assertThat(steps).extracting(PartialSketch::strokesDrawn).containsExactly(1, 2, 3, 4);
    assertThat(steps).extracting(PartialSketch::pointsDrawn).containsExactly(3, 7, 8, 10);
    assertThat(steps).extracting(PartialSketch::fractionDrawn).containsExactly(0.3, 0.7, 0.8, 1.0);
    for (PartialSketch step : steps) {
      assertThat(step.drawn().strokes()).isEqualTo(sketch.strokes().subList(0, step.step()));
    }
    assertThat(steps.get(3).drawn()).isEqualTo(sketch);
  }

  @Test
  void byStrokeOfASingleStrokeSketchHasOneStep() {
    assertThat(PartialProtocol.byStroke().steps(sketch(6))).singleElement()
        .satisfies(step -> assertThat(step.fractionDrawn()).isEqualTo(1.0));
  }

  @Test
  void percentGridKeepsTheCeilingOfEachFivePercent() {
    // N = 7: ceil(7 * 5t / 100) = ceil(0.35 t); N = 40: exactly 2t; N = 3: 1 point until t = 7
    assertThat(PartialProtocol.percentGrid().steps(sketch(7))).extracting(PartialSketch::pointsDrawn)
        .containsExactly(1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5, 6, 6, 6, 7, 7, 7);
    assertThat(PartialProtocol.percentGrid().steps(sketch(40))).extracting(PartialSketch::pointsDrawn)
        .containsExactly(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40);
    List<PartialSketch> small = PartialProtocol.percentGrid().steps(sketch(1, 2));
    assertThat(small).extracting(PartialSketch::pointsDrawn)
        .containsExactly(1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3);
    assertThat(small).extracting(PartialSketch::strokesDrawn).startsWith(1, 1, 1, 1, 1, 1, 2);
    assertThat(small).allSatisfy(step -> {
      assertThat(step.protocol()).isEqualTo("percent");
      assertThat(step.stepsTotal()).isEqualTo(20);
    });
    assertThat(small.get(19).drawn()).isEqualTo(sketch(1, 2));
    assertThat(small.get(19).isFinalStep()).isTrue();
    assertThat(PartialProtocol.parse("percent")).isSameAs(PartialProtocol.percentGrid());
    assertThat(PartialProtocol.percentGrid().name()).isEqualTo("percent");
  }

  @Test
  void namesRoundTripThroughParse() {
    assertThat(PartialProtocol.byStroke().name()).isEqualTo("stroke");
    assertThat(PartialProtocol.onTheFly().name()).isEqualTo("points17");
    assertThat(PartialProtocol.pointFraction(5).name()).isEqualTo("points5");
    for (PartialProtocol p : List.of(PartialProtocol.byStroke(), PartialProtocol.onTheFly(),
        PartialProtocol.pointFraction(1), PartialProtocol.pointFraction(1000))) {
      assertThat(PartialProtocol.parse(p.name())).isEqualTo(p);
    }
    assertThat(PartialProtocol.parse("points17")).isEqualTo(PartialProtocol.onTheFly());
    assertThat(PartialProtocol.parse("points17").steps(sketch(40)))
        .isEqualTo(PartialProtocol.onTheFly().steps(sketch(40)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "Stroke", "strokes", "points", "points0", "points017", "points-3", "points1001",
      "points 17", " points17", "fraction17", "onthefly"})
  void parseRejectsOtherNamesListingTheAcceptedOnes(String name) {
    assertThatThrownBy(() -> PartialProtocol.parse(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "'")
        .hasMessageContaining("stroke")
        .hasMessageContaining("points17")
        .hasMessageContaining("points<N> with N in 1..1000");
  }

  @Test
  void parseRejectsNull() {
    assertThatThrownBy(() -> PartialProtocol.parse(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("points17");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 1001})
  void pointFractionRejectsStepCountsOutOfRange(int steps) {
    assertThatThrownBy(() -> PartialProtocol.pointFraction(steps))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1..1000")
        .hasMessageContaining(String.valueOf(steps));
  }

  @Test
  void protocolsSurviveJavaSerialisation() throws IOException, ClassNotFoundException {
    Sketch sketch = sketch(5, 8, 3);
    for (PartialProtocol p : List.of(PartialProtocol.byStroke(), PartialProtocol.onTheFly(),
        PartialProtocol.pointFraction(3), PartialProtocol.percentGrid())) {
      PartialProtocol copy = roundTrip(p);
      assertThat(copy).isEqualTo(p);
      assertThat(copy.name()).isEqualTo(p.name());
      assertThat(copy.steps(sketch)).isEqualTo(p.steps(sketch));
    }
  }

  @Test
  void partialSketchRejectsInconsistentValues() {
    Sketch sketch = sketch(3, 2);
    Sketch drawn = sketch.firstPoints(4);

    assertThatThrownBy(() -> new PartialSketch(sketch, drawn, "points2", 3, 2, 2, 4, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("step 3 outside 1..2");
    assertThatThrownBy(() -> new PartialSketch(sketch, drawn, "points2", 1, 2, 1, 4, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not match");
    assertThatThrownBy(() -> new PartialSketch(sketch, drawn, "points2", 1, 2, 2, 4, 1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside (0, 1]");
    assertThatThrownBy(() -> new PartialSketch(sketch, drawn, " ", 1, 2, 2, 4, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("protocol name");
    assertThat(PartialSketch.of(sketch, drawn, "points2", 1, 2))
        .isEqualTo(new PartialSketch(sketch, drawn, "points2", 1, 2, 2, 4, 0.8));
  }

  private static PartialProtocol roundTrip(PartialProtocol p) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (PartialProtocol) in.readObject();
    }
  }

  /** A sketch of {@code n} points in strokes of {@code perStroke} points (the last may be shorter). */
  private static Sketch sketchOfPoints(int n, int perStroke) {
    List<Integer> sizes = new ArrayList<>();
    for (int left = n; left > 0; left -= perStroke) {
      sizes.add(Math.min(perStroke, left));
    }
    return sketch(sizes.stream().mapToInt(Integer::intValue).toArray());
  }

  /** A sketch with strokes of the given sizes; point i (over the whole sketch) is (i, 100 + i). */
  private static Sketch sketch(int... strokeSizes) {
    List<Stroke> strokes = new ArrayList<>();
    int i = 0;
    for (int size : strokeSizes) {
      float[] xs = new float[size];
      float[] ys = new float[size];
      for (int k = 0; k < size; k++, i++) {
        xs[k] = i;
        ys[k] = 100 + i;
      }
      strokes.add(Stroke.of(xs, ys));
    }
    return new Sketch("s" + i, "shoe", "p", "test", strokes);
  }

  /** The points of a sketch in drawing order, as "x,y" strings. */
  private static List<String> flatten(Sketch sketch) {
    List<String> points = new ArrayList<>();
    for (Stroke s : sketch.strokes()) {
      for (int k = 0; k < s.size(); k++) {
        points.add(s.x(k) + "," + s.y(k));
      }
    }
    return points;
  }
}
