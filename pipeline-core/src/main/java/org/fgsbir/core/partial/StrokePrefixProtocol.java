package org.fgsbir.core.partial;

import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.sketch.Sketch;

/** One step per stroke: step s of S keeps strokes 1..s. */
record StrokePrefixProtocol() implements PartialProtocol {
  static final String NAME = "stroke";
  static final StrokePrefixProtocol INSTANCE = new StrokePrefixProtocol();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<PartialSketch> steps(Sketch sketch) {
    int total = sketch.strokeCount();
    List<PartialSketch> steps = new ArrayList<>(total);
    for (int s = 1; s <= total; s++) {
      steps.add(PartialSketch.of(sketch, sketch.firstStrokes(s), NAME, s, total));
    }
    return List.copyOf(steps);
  }

  @Override
  public String toString() {
    return NAME;
  }
}
