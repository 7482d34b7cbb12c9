package org.fgsbir.core.partial;

import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.sketch.Sketch;

/** The percentage grid; see {@link PartialProtocol#percentGrid()}. */
record PercentGridProtocol() implements PartialProtocol {
  static final String NAME = "percent";
  static final int STEPS = 20;
  static final PercentGridProtocol INSTANCE = new PercentGridProtocol();

  @Override
  public String name() {
    return NAME;
  }

  /** Points kept at step {@code t} (1..20) of a sketch of {@code total} points: ceil(total * 5t / 100), >= 1. */
  static int pointsKept(int total, int t) {
    long kept = ((long) total * t + STEPS - 1) / STEPS; // exact integer ceil(total * 5t / 100)
    return (int) Math.max(1, kept);
  }

  @Override
  public List<PartialSketch> steps(Sketch sketch) {
    int total = sketch.pointCount();
    List<PartialSketch> steps = new ArrayList<>(STEPS);
    for (int t = 1; t <= STEPS; t++) {
      steps.add(PartialSketch.of(sketch, sketch.firstPoints(pointsKept(total, t)), NAME, t, STEPS));
    }
    return List.copyOf(steps);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
