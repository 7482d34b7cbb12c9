package org.fgsbir.core.partial;

import java.io.Serializable;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.fgsbir.core.sketch.Sketch;

/**
 * How a complete sketch is cut into the partial sketches a user draws on the way to it. Implementations
 * are immutable values, serialisable so they can be shipped to Spark executors, and equal when they cut
 * the same way.
 */
public interface PartialProtocol extends Serializable {
  /** Number of steps of the on-the-fly protocol of Bhunia et al. (CVPR 2020). */
  int ON_THE_FLY_STEPS = 17;

  /** Largest number of steps {@link #pointFraction(int)} accepts. */
  int MAX_POINT_STEPS = 1000;

  /**
   * The protocol's name, as accepted by {@link #parse(String)}: {@code stroke}, {@code points<N>} or
   * {@code percent}.
   */
  String name();

  /**
   * The steps of drawing {@code sketch}, in order; the last one is the complete sketch.
   *
   * @param sketch the complete sketch
   * @return at least one step
   */
  List<PartialSketch> steps(Sketch sketch);

  /**
   * Stroke by stroke (name {@code stroke}): a sketch with S strokes has S steps; step s keeps strokes 1..s.
   */
  static PartialProtocol byStroke() {
    return StrokePrefixProtocol.INSTANCE;
  }

  /**
   * Slices of points (name {@code points<steps>}): for a sketch of N points, step t = 1..steps keeps the
   * first {@code max(1, Math.rint((double) N * t / steps))} points in drawing order, cutting the last
   * stroke mid-way when needed. The quotient is exact before rounding and {@code Math.rint} rounds halves
   * to even, like numpy's {@code round}; numpy's {@code linspace} however computes {@code t * (N / steps)}
   * in floating point, so at an exact half (e.g. N = 29, steps = 14, t = 7) numpy may round the other way.
   * No such half exists for 17 steps (see {@link #onTheFly()}).
   * A sketch with fewer points than steps repeats prefixes, and its early steps, which would keep 0
   * points, keep 1 instead. The last step is always the complete sketch.
   *
   * @param steps the number of steps, 1..{@value #MAX_POINT_STEPS}
   * @throws IllegalArgumentException if {@code steps} is out of range
   */
  static PartialProtocol pointFraction(int steps) {
    return new PointFractionProtocol(steps);
  }

  /**
   * The on-the-fly protocol, {@code pointFraction(17)} (name {@code points17}): step t = 1..17 keeps the
   * first {@code round(linspace(0, N, 18)[t])} points (at least 1). Because 17 is prime, {@code N * t / 17}
   * is never a tie below t = 17, so this equals numpy's {@code round(np.linspace(0, N, 18))[1:]} exactly.
   */
  static PartialProtocol onTheFly() {
    return pointFraction(ON_THE_FLY_STEPS);
  }

  /**
   * The percentage grid (name {@code percent}): 20 steps; step t = 1..20 keeps the first
   * {@code ceil(N * 5t / 100)} points of a sketch of N points (5%, 10%, ..., 100%; computed exactly in
   * integers), at least 1, cutting the last stroke mid-way when needed. The last step is the complete sketch.
   */
  static PartialProtocol percentGrid() {
    return PercentGridProtocol.INSTANCE;
  }

  /**
   * The protocol with the given name: {@code stroke}, {@code points17} (on-the-fly), {@code points<N>}
   * with N in 1..{@value #MAX_POINT_STEPS} written without leading zeros, or {@code percent} (the
   * percentage grid).
   *
   * @throws IllegalArgumentException for any other name, listing the accepted ones
   */
  static PartialProtocol parse(String name) {
    String accepted = "use stroke (one step per stroke), points17 (the on-the-fly protocol: 17 slices of "
        + "points), points<N> with N in 1.." + MAX_POINT_STEPS + " (N slices of points) or percent (5%, 10%, ..., "
        + "100% of the points)";
    if (name == null) {
      throw new IllegalArgumentException("Missing partial-sketch protocol; " + accepted);
    }
    if (name.equals(StrokePrefixProtocol.NAME)) {
      return byStroke();
    }
    if (name.equals(PercentGridProtocol.NAME)) {
      return percentGrid();
    }
    Matcher m = Pattern.compile("points([1-9][0-9]{0,3})").matcher(name);
    if (m.matches()) {
      int steps = Integer.parseInt(m.group(1));
      if (steps <= MAX_POINT_STEPS) {
        return pointFraction(steps);
      }
      throw new IllegalArgumentException("Partial-sketch protocol '" + name + "' has " + steps
          + " steps, more than " + MAX_POINT_STEPS + "; " + accepted);
    }
    throw new IllegalArgumentException("Unknown partial-sketch protocol '" + name + "'; " + accepted);
  }
}
