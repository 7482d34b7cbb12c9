package org.fgsbir.core.testing;

import java.util.List;

/**
 * A few distinct line drawings on a 100 x 100 canvas, each spanning {@code 10..90} on both axes, used to
 * make matching test photos ({@link TestPhotos#shape}) and sketches ({@link TestSketches#shape}). Each
 * stroke is {@code {xs, ys}}.
 */
public final class TestShapes {
  private TestShapes() {}

  /** Number of distinct shapes; variants wrap around. */
  public static final int COUNT = 6;

  /** The strokes of shape {@code variant} (any non-negative int; taken modulo {@link #COUNT}). */
  public static List<float[][]> strokes(int variant) {
    switch (Math.floorMod(variant, COUNT)) {
      case 0: // square with both diagonals
        return List.of(
            stroke(10, 10, 90, 10, 90, 90, 10, 90, 10, 10),
            stroke(10, 10, 90, 90),
            stroke(90, 10, 10, 90));
      case 1: // triangle with a mid line
        return List.of(
            stroke(50, 10, 90, 90, 10, 90, 50, 10),
            stroke(30, 50, 70, 50));
      case 2: // twelve-sided circle with a vertical diameter
        return List.of(circle(), stroke(50, 10, 50, 90));
      case 3: // diamond with a cross
        return List.of(
            stroke(50, 10, 90, 50, 50, 90, 10, 50, 50, 10),
            stroke(10, 50, 90, 50),
            stroke(50, 10, 50, 90));
      case 4: // the letter H
        return List.of(stroke(10, 10, 10, 90), stroke(90, 10, 90, 90), stroke(10, 50, 90, 50));
      default: // zigzag
        return List.of(stroke(10, 10, 90, 30, 10, 50, 90, 70, 10, 90), stroke(90, 10, 90, 90));
    }
  }

  private static float[][] stroke(float... xy) {
    float[] xs = new float[xy.length / 2];
    float[] ys = new float[xy.length / 2];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = xy[2 * i];
      ys[i] = xy[2 * i + 1];
    }
    return new float[][] {xs, ys};
  }

  private static float[][] circle() {
    int n = 13;
    float[] xs = new float[n];
    float[] ys = new float[n];
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / (n - 1);
      xs[i] = (float) Math.rint(50 + 40 * Math.cos(a));
      ys[i] = (float) Math.rint(50 + 40 * Math.sin(a));
    }
    return new float[][] {xs, ys};
  }
}
