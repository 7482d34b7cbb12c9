package org.fgsbir.core.partial;

import java.util.Objects;
import org.fgsbir.core.sketch.Sketch;

/**
 * One step of a sketch being drawn: the prefix drawn so far and where it stands in its protocol.
 *
 * @param complete the complete sketch
 * @param drawn the prefix drawn at this step (its last stroke may be cut mid-way)
 * @param protocol the name of the protocol that produced the step, e.g. {@code points17}
 * @param step this step, 1-based
 * @param stepsTotal the number of steps of the sketch under the protocol; the last step is the complete
 *     sketch
 * @param strokesDrawn the number of strokes with at least one drawn point ({@code drawn.strokeCount()})
 * @param pointsDrawn the number of drawn points ({@code drawn.pointCount()})
 * @param fractionDrawn {@code pointsDrawn / complete.pointCount()}, in (0, 1]
 */
public record PartialSketch(
    Sketch complete,
    Sketch drawn,
    String protocol,
    int step,
    int stepsTotal,
    int strokesDrawn,
    int pointsDrawn,
    double fractionDrawn) {

  /**
   * Validates the step.
   *
   * @throws IllegalArgumentException if the step is outside {@code 1..stepsTotal} or the counts do not
   *     describe {@code drawn}
   */
  public PartialSketch {
    Objects.requireNonNull(complete, "complete");
    Objects.requireNonNull(drawn, "drawn");
    if (protocol == null || protocol.isBlank()) {
      throw new IllegalArgumentException("partial sketch of " + complete.id() + " needs a protocol name");
    }
    if (stepsTotal < 1 || step < 1 || step > stepsTotal) {
      throw new IllegalArgumentException(
          "partial sketch of " + complete.id() + ": step " + step + " outside 1.." + stepsTotal);
    }
    if (strokesDrawn != drawn.strokeCount() || pointsDrawn != drawn.pointCount()) {
      throw new IllegalArgumentException("partial sketch of " + complete.id() + ": counts " + strokesDrawn
          + " strokes / " + pointsDrawn + " points do not match the drawn sketch (" + drawn.strokeCount()
          + " / " + drawn.pointCount() + ")");
    }
    if (pointsDrawn > complete.pointCount() || !(fractionDrawn > 0 && fractionDrawn <= 1)) {
      throw new IllegalArgumentException("partial sketch of " + complete.id() + ": " + pointsDrawn
          + " of " + complete.pointCount() + " points drawn, fraction " + fractionDrawn + " outside (0, 1]");
    }
  }

  /**
   * The step whose drawn prefix is {@code drawn}, deriving the counts and the fraction from it.
   *
   * @param complete the complete sketch
   * @param drawn a prefix of {@code complete}
   * @param protocol the protocol name
   * @param step this step, 1-based
   * @param stepsTotal the number of steps
   * @return the step
   */
  public static PartialSketch of(Sketch complete, Sketch drawn, String protocol, int step, int stepsTotal) {
    return new PartialSketch(complete, drawn, protocol, step, stepsTotal, drawn.strokeCount(),
        drawn.pointCount(), (double) drawn.pointCount() / complete.pointCount());
  }

  /** Whether this is the protocol's last step, whose drawn sketch is the complete one. */
  public boolean isFinalStep() {
    return step == stepsTotal;
  }
}
