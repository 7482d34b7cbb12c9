package org.fgsbir.core.raster;

import java.util.Objects;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.sketch.Bounds;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.Stroke;

/**
 * Turns a sketch into a {@code 1 x size x size} grayscale raster with values in [0, 1] (0 black, 1 white).
 *
 * <p>Drawing is done with plain floating-point arithmetic (no Java2D), so the output is bit-identical on
 * every JDK and machine: Java floating point is strict since Java 17 and only {@code +, -, *, /} and the
 * correctly rounded {@link Math#sqrt} are used.
 *
 * <p>Geometry. Pixel {@code (row, col)} has its centre at continuous position {@code (x = col, y = row)};
 * the image spans {@code [-0.5, size - 0.5]} on both axes. Sketch y grows downwards, as in screen and
 * Quick, Draw! coordinates. Each segment between consecutive points of a stroke is a capsule of radius
 * {@code r = lineWidth / 2}; a one-point stroke is a disc of that radius. A pixel at distance {@code d}
 * from the nearest capsule axis gets ink coverage {@code clamp(r + 0.5 - d, 0, 1)} (a one-pixel linear
 * anti-aliasing ramp), and coverages of different segments combine with {@code max}, so overlapping and
 * repeated segments never darken beyond full ink and a prefix of a sketch never has more ink anywhere than
 * the whole sketch.
 *
 * <p>Placement is set by {@link RasterOptions#placement()}:
 *
 * <ul>
 *   <li>{@link RasterOptions.Placement#FIT_SKETCH_BOUNDS}: a uniform scale maps the longer side of the
 *       COMPLETE sketch's bounding box onto {@code size - 2 * padding} pixels and the box is centred. A box
 *       with zero width or height (a dot, a straight vertical or horizontal line) is centred without
 *       scaling by zero; a single point lands at the image centre.
 *   <li>{@link RasterOptions.Placement#ABSOLUTE_CANVAS}: a sketch coordinate {@code c} lands on the centre
 *       of pixel {@code c * size / canvasSize} (the convention of integer-coordinate drawing libraries such
 *       as OpenCV, which the reference on-the-fly code uses on its 256 px canvas). Ink outside is clipped.
 * </ul>
 *
 * <p>Only pixels that a segment can reach are visited (per row, the strip around the segment's line
 * clipped to its bounding box), so a 224 px raster of a 100-point sketch takes well under a millisecond.
 */
public final class Rasterizer {

  private Rasterizer() {
  }

  /**
   * Renders a whole sketch; the same as {@code render(sketch, sketch, options)}.
   *
   * @param sketch the sketch to draw
   * @param options raster size, line width, padding, polarity and placement
   * @return a {@code 1 x size x size} tensor with values in [0, 1]
   */
  public static ImageTensor render(Sketch sketch, RasterOptions options) {
    return render(sketch, sketch, options);
  }

  /**
   * Renders the strokes of {@code drawn} placed as they sit in {@code complete}: with
   * {@link RasterOptions.Placement#FIT_SKETCH_BOUNDS} the coordinate mapping comes from the complete
   * sketch's bounding box, so a partially drawn sketch appears exactly where (and as large as) its strokes
   * appear in the finished drawing. {@code complete} is only used for its bounding box.
   *
   * @param drawn the strokes to draw (usually a prefix of {@code complete})
   * @param complete the finished sketch whose bounding box fixes the placement
   * @param options raster size, line width, padding, polarity and placement
   * @return a {@code 1 x size x size} tensor with values in [0, 1]
   */
  public static ImageTensor render(Sketch drawn, Sketch complete, RasterOptions options) {
    Objects.requireNonNull(drawn, "drawn sketch");
    Objects.requireNonNull(complete, "complete sketch");
    Objects.requireNonNull(options, "raster options");
    int size = options.size();
    Mapping mapping = Mapping.of(complete.bounds(), options);
    float[] coverage = new float[size * size];
    double radius = options.lineWidth() / 2.0;
    for (Stroke stroke : drawn.strokes()) {
      int n = stroke.size();
      if (n == 1) {
        double px = mapping.x(stroke.x(0));
        double py = mapping.y(stroke.y(0));
        drawSegment(coverage, size, radius, px, py, px, py);
        continue;
      }
      double prevX = mapping.x(stroke.x(0));
      double prevY = mapping.y(stroke.y(0));
      for (int i = 1; i < n; i++) {
        double curX = mapping.x(stroke.x(i));
        double curY = mapping.y(stroke.y(i));
        drawSegment(coverage, size, radius, prevX, prevY, curX, curY);
        prevX = curX;
        prevY = curY;
      }
    }
    if (options.polarity() == RasterOptions.Polarity.DARK_ON_LIGHT) {
      for (int i = 0; i < coverage.length; i++) {
        coverage[i] = 1f - coverage[i];
      }
    }
    return new ImageTensor(1, size, size, coverage);
  }

  /**
   * Raises {@code coverage} to the capsule's coverage on every pixel it reaches. Coordinates are in pixel
   * units with pixel centres at integers.
   */
  private static void drawSegment(
      float[] coverage, int size, double radius, double x0, double y0, double x1, double y1) {
    double reach = radius + 0.5; // coverage is zero at distance >= reach
    double reach2 = reach * reach;
    double full2 = reach >= 1 ? (reach - 1) * (reach - 1) : -1; // full coverage at distance <= reach - 1
    // Clamped in double before the int cast, so far-away coordinates cannot overflow.
    int rowMin = (int) Math.max(0, Math.floor(Math.min(y0, y1) - reach) - 1);
    int rowMax = (int) Math.min(size - 1, Math.ceil(Math.max(y0, y1) + reach) + 1);
    int colMin = (int) Math.max(0, Math.floor(Math.min(x0, x1) - reach) - 1);
    int colMax = (int) Math.min(size - 1, Math.ceil(Math.max(x0, x1) + reach) + 1);
    if (rowMin > rowMax || colMin > colMax) {
      return; // entirely outside the image
    }
    double dx = x1 - x0;
    double dy = y1 - y0;
    double length2 = dx * dx + dy * dy;
    double length = Math.sqrt(length2);
    for (int row = rowMin; row <= rowMax; row++) {
      int from = colMin;
      int to = colMax;
      if (dy != 0) {
        // The capsule lies inside the strip of half-width `reach` around the segment's line; on this row
        // that strip is the x-interval x0 + (dx * (row - y0) +- reach * length) / dy. One pixel of margin
        // on each side keeps the clipping conservative under rounding.
        double base = x0 + dx * (row - y0) / dy;
        double half = Math.abs(reach * length / dy);
        double lo = Math.floor(base - half) - 1;
        double hi = Math.ceil(base + half) + 1;
        if (lo > colMin) { // false for NaN (overflowing coordinates): keep the whole box
          from = (int) Math.min(lo, colMax + 1.0);
        }
        if (hi < colMax) {
          to = (int) Math.max(hi, colMin - 1.0);
        }
      }
      int offset = row * size;
      for (int col = from; col <= to; col++) {
        double d2 = distanceSquared(col, row, x0, y0, x1, y1, length2);
        if (d2 >= reach2) {
          continue; // no coverage
        }
        float value = d2 <= full2 ? 1f : (float) Math.min(1.0, reach - Math.sqrt(d2));
        if (value > coverage[offset + col]) {
          coverage[offset + col] = value;
        }
      }
    }
  }

  /**
   * Squared distance from {@code (px, py)} to the segment from {@code (x0, y0)} to {@code (x1, y1)}.
   * Never larger than the squared distance to either end point as computed for a one-point stroke, so a
   * segment covers its end points at least as much as a dot there would (keeps prefix renders subsets of
   * the complete render bit for bit).
   */
  private static double distanceSquared(
      double px, double py, double x0, double y0, double x1, double y1, double length2) {
    double ax = px - x0;
    double ay = py - y0;
    double toStart = ax * ax + ay * ay;
    if (length2 == 0) {
      return toStart;
    }
    double dx = x1 - x0;
    double dy = y1 - y0;
    double bx = px - x1;
    double by = py - y1;
    double toEnd = bx * bx + by * by;
    double t = (ax * dx + ay * dy) / length2;
    double best = Math.min(toStart, toEnd);
    if (t > 0 && t < 1) {
      double qx = ax - t * dx;
      double qy = ay - t * dy;
      best = Math.min(best, qx * qx + qy * qy);
    }
    return best;
  }

  /**
   * Sketch coordinates to pixel coordinates (pixel centres at integers): {@code pixel = (c - origin) *
   * scale + target}.
   */
  private record Mapping(double originX, double originY, double scale, double target) {

    static Mapping of(Bounds box, RasterOptions options) {
      int size = options.size();
      if (options.placement() == RasterOptions.Placement.ABSOLUTE_CANVAS) {
        return new Mapping(0, 0, (double) size / options.canvasSize(), 0);
      }
      double width = (double) box.maxX() - box.minX();
      double height = (double) box.maxY() - box.minY();
      double longer = Math.max(width, height);
      // A zero-size box (a single point) has nothing to scale: every point maps to the centre.
      double scale = longer > 0 ? (size - 2.0 * options.padding()) / longer : 1.0;
      double boxCentreX = ((double) box.minX() + box.maxX()) / 2;
      double boxCentreY = ((double) box.minY() + box.maxY()) / 2;
      return new Mapping(boxCentreX, boxCentreY, scale, (size - 1) / 2.0);
    }

    double x(float sketchX) {
      return (sketchX - originX) * scale + target;
    }

    double y(float sketchY) {
      return (sketchY - originY) * scale + target;
    }
  }
}
