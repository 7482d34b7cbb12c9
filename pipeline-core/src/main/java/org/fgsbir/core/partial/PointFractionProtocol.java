package org.fgsbir.core.partial;

import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.sketch.Sketch;

/** {@code stepCount} slices of points; see {@link PartialProtocol#pointFraction(int)}. */
record PointFractionProtocol(int stepCount) implements PartialProtocol {

  PointFractionProtocol {
    if (stepCount < 1 || stepCount > MAX_POINT_STEPS) {
      throw new IllegalArgumentException("A point-fraction protocol needs 1.." + MAX_POINT_STEPS
          + " steps but got " + stepCount + "; use e.g. 17 (the on-the-fly protocol)");
    }
  }

  @Override
  public String name() {
    return "points" + stepCount;
  }

  /** Points kept at step {@code t} (1-based) of a sketch with {@code total} points. */
  static int pointsKept(int total, int t, int stepCount) {
    return Math.max(1, (int) Math.rint((double) total * t / stepCount));
  }

  @Override
  public List<PartialSketch> steps(Sketch sketch) {
    String name = name();
    int total = sketch.pointCount();
    List<PartialSketch> steps = new ArrayList<>(stepCount);
    for (int t = 1; t <= stepCount; t++) {
      steps.add(PartialSketch.of(sketch, sketch.firstPoints(pointsKept(total, t, stepCount)), name, t,
          stepCount));
    }
    return List.copyOf(steps);
  }

  @Override
  public String toString() {
    return name();
  }
}
