package org.fgsbir.core.raster;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;

/** Small hand-made and seeded random sketches for rasteriser tests. */
final class TestSketches {

  private TestSketches() {
  }

  static Stroke stroke(float... xy) {
    float[] xs = new float[xy.length / 2];
    float[] ys = new float[xy.length / 2];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = xy[2 * i];
      ys[i] = xy[2 * i + 1];
    }
    return Stroke.of(xs, ys);
  }

  static Sketch sketch(String id, Stroke... strokes) {
    return new Sketch(id, "test", null, null, List.of(strokes));
  }

  /** A single one-point stroke. */
  static Sketch dot() {
    return sketch("dot", stroke(10, 20));
  }

  /** One straight diagonal stroke. */
  static Sketch line() {
    return sketch("line", stroke(0, 0, 100, 40));
  }

  /** A straight vertical stroke: its bounding box has zero width. */
  static Sketch verticalLine() {
    return sketch("vertical", stroke(50, 10, 50, 90));
  }

  /** Walls, roof, door and a one-point window: 4 strokes, 14 points, box 80 x 100. */
  static Sketch house() {
    return sketch("house",
        stroke(0, 40, 0, 100, 80, 100, 80, 40, 0, 40),
        stroke(0, 40, 40, 0, 80, 40),
        stroke(30, 100, 30, 70, 50, 70, 50, 100),
        stroke(62, 58, 62, 58));
  }

  /** A shoe outline and laces in absolute coordinates on a 256 canvas. */
  static Sketch shoeOnCanvas() {
    return sketch("shoe",
        stroke(30, 185, 28, 150, 45, 120, 90, 112, 128, 64, 160, 60, 170, 118, 215, 140, 236, 160,
            234, 186, 30, 185),
        stroke(134, 80, 158, 78),
        stroke(126, 96, 162, 92),
        stroke(30, 198, 234, 198));
  }

  /** A random sketch of 1-5 strokes of 1-20 points in [-50, 350] x [-20, 120]. */
  static Sketch random(long seed) {
    Random random = new Random(seed);
    int strokes = 1 + random.nextInt(5);
    List<Stroke> list = new ArrayList<>();
    for (int s = 0; s < strokes; s++) {
      int n = 1 + random.nextInt(20);
      float[] xs = new float[n];
      float[] ys = new float[n];
      for (int i = 0; i < n; i++) {
        xs[i] = -50 + 400 * random.nextFloat();
        ys[i] = -20 + 140 * random.nextFloat();
      }
      list.add(Stroke.of(xs, ys));
    }
    return new Sketch("random-" + seed, "test", null, null, list);
  }
}
