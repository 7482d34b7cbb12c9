package org.fgsbir.core.sketch;

import java.util.Arrays;
import java.util.Objects;

/**
 * One pen-down stroke: an ordered, non-empty sequence of points {@code (x, y)} with optional per-point
 * times. Immutable; coordinates are finite. Equality is by content.
 */
public final class Stroke {
  private final float[] xs;
  private final float[] ys;
  private final double[] ts; // null when the source had no timing

  private Stroke(float[] xs, float[] ys, double[] ts) {
    this.xs = xs;
    this.ys = ys;
    this.ts = ts;
  }

  /** A stroke without timing. The arrays are copied. */
  public static Stroke of(float[] xs, float[] ys) {
    return of(xs, ys, null);
  }

  /**
   * A stroke with optional timing ({@code ts} may be null). The arrays are copied.
   *
   * @throws IllegalArgumentException if the stroke is empty, the arrays differ in length, or a value is
   *     not finite
   */
  public static Stroke of(float[] xs, float[] ys, double[] ts) {
    Objects.requireNonNull(xs, "xs");
    Objects.requireNonNull(ys, "ys");
    if (xs.length == 0) {
      throw new IllegalArgumentException("empty stroke: a stroke needs at least one point");
    }
    if (xs.length != ys.length || (ts != null && ts.length != xs.length)) {
      throw new IllegalArgumentException(
          "stroke arrays differ in length: x=" + xs.length + ", y=" + ys.length
              + (ts == null ? "" : ", t=" + ts.length));
    }
    for (int i = 0; i < xs.length; i++) {
      if (!Float.isFinite(xs[i]) || !Float.isFinite(ys[i]) || (ts != null && !Double.isFinite(ts[i]))) {
        throw new IllegalArgumentException("non-finite coordinate at point " + i
            + ": (" + xs[i] + ", " + ys[i] + (ts == null ? "" : ", t=" + ts[i]) + ")");
      }
    }
    return new Stroke(xs.clone(), ys.clone(), ts == null ? null : ts.clone());
  }

  /** Number of points, at least 1. */
  public int size() {
    return xs.length;
  }

  /** The x coordinate of point {@code i}. */
  public float x(int i) {
    return xs[i];
  }

  /** The y coordinate of point {@code i}. */
  public float y(int i) {
    return ys[i];
  }

  /** Whether the points carry times. */
  public boolean hasTime() {
    return ts != null;
  }

  /**
   * The time of point {@code i}.
   *
   * @throws IllegalStateException if the stroke has no timing
   */
  public double t(int i) {
    if (ts == null) {
      throw new IllegalStateException("stroke has no timing");
    }
    return ts[i];
  }

  /** A copy of the x coordinates. */
  public float[] xs() {
    return xs.clone();
  }

  /** A copy of the y coordinates. */
  public float[] ys() {
    return ys.clone();
  }

  /** A copy of the times, or null when the stroke has no timing. */
  public double[] ts() {
    return ts == null ? null : ts.clone();
  }

  /**
   * The first {@code n} points of this stroke ({@code 1 <= n <= size()}); this stroke itself when
   * {@code n == size()}.
   */
  public Stroke prefix(int n) {
    if (n < 1 || n > xs.length) {
      throw new IllegalArgumentException("prefix length " + n + " outside 1.." + xs.length);
    }
    if (n == xs.length) {
      return this;
    }
    return new Stroke(Arrays.copyOf(xs, n), Arrays.copyOf(ys, n), ts == null ? null : Arrays.copyOf(ts, n));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Stroke s
        && Arrays.equals(xs, s.xs) && Arrays.equals(ys, s.ys) && Arrays.equals(ts, s.ts);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Arrays.hashCode(xs) + Arrays.hashCode(ys)) + Arrays.hashCode(ts);
  }

  @Override
  public String toString() {
    return "Stroke[" + xs.length + " points" + (ts == null ? "" : ", timed") + "]";
  }
}
