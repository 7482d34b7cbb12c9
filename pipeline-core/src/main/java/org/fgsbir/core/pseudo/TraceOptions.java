package org.fgsbir.core.pseudo;

/**
 * How {@link PseudoSketchTracer} turns a photo into a pseudo-sketch.
 *
 * @param workSize side in pixels of the square grey image the edges are found on (the photo is padded
 *     white to a square and resized); sketch coordinates are in these pixels
 * @param highThreshold edge strength, as a fraction of the photo's strongest edge, that starts a contour
 * @param lowThreshold edge strength, as a fraction of the strongest edge, that continues a contour
 * @param minContourPixels contours shorter than this (in pixels) are never drawn
 * @param detailPixels contours shorter than this are details, each dropped with {@code dropDetails}
 * @param dropDetails probability in [0, 1] of dropping each detail (the longest contour is always kept)
 * @param maxStrokes the most strokes a pseudo-sketch keeps (the longest contours)
 * @param simplifyTolerance Douglas-Peucker tolerance in pixels applied to each contour
 * @param warp amplitude, as a fraction of {@code workSize}, of a smooth random displacement of the drawing
 * @param affineJitter largest random rotation (radians), scale change and shear of the drawing
 * @param strokeJitter largest random shift of each stroke, as a fraction of {@code workSize}
 * @param seed base seed; with the photo id and the sketch number it fixes every random choice
 */
public record TraceOptions(
    int workSize, float highThreshold, float lowThreshold, int minContourPixels, int detailPixels,
    double dropDetails, int maxStrokes, double simplifyTolerance, double warp, double affineJitter,
    double strokeJitter, long seed) {

  /** Validates the values. */
  public TraceOptions {
    if (workSize < 32 || workSize > 2048) {
      throw new IllegalArgumentException("workSize " + workSize + " outside 32..2048");
    }
    if (!(lowThreshold > 0) || !(highThreshold >= lowThreshold) || highThreshold > 1) {
      throw new IllegalArgumentException("thresholds must satisfy 0 < low <= high <= 1 but were low="
          + lowThreshold + ", high=" + highThreshold);
    }
    if (minContourPixels < 2 || detailPixels < minContourPixels) {
      throw new IllegalArgumentException("need 2 <= minContourPixels <= detailPixels but were "
          + minContourPixels + ", " + detailPixels);
    }
    if (!(dropDetails >= 0 && dropDetails <= 1)) {
      throw new IllegalArgumentException("dropDetails " + dropDetails + " must be in [0, 1]");
    }
    if (maxStrokes < 1) {
      throw new IllegalArgumentException("maxStrokes must be >= 1 but was " + maxStrokes);
    }
    if (!(simplifyTolerance >= 0) || !(warp >= 0) || !(affineJitter >= 0) || !(strokeJitter >= 0)) {
      throw new IllegalArgumentException("simplifyTolerance, warp, affineJitter and strokeJitter must be >= 0");
    }
  }

  /**
   * The settings of the Shoe-V2 sanity set: 256 px, edges from 12% of the strongest (continued down
   * to 4%), contours of 12+ px, details under 48 px
   * dropped half the time, at most 40 strokes, 1 px simplification, a 2% warp, 4% affine jitter, 1% per
   * stroke shift, seed 17.
   */
  public static TraceOptions defaults() {
    return new TraceOptions(256, 0.12f, 0.04f, 12, 48, 0.5, 40, 1.0, 0.02, 0.04, 0.01, 17L);
  }

  /** A copy without any random change: no dropped details, no warp, no jitter (for tests and figures). */
  public TraceOptions exact() {
    return new TraceOptions(workSize, highThreshold, lowThreshold, minContourPixels, detailPixels, 0.0, maxStrokes,
        simplifyTolerance, 0.0, 0.0, 0.0, seed);
  }

  /** A copy with another seed. */
  public TraceOptions withSeed(long newSeed) {
    return new TraceOptions(workSize, highThreshold, lowThreshold, minContourPixels, detailPixels, dropDetails,
        maxStrokes, simplifyTolerance, warp, affineJitter, strokeJitter, newSeed);
  }
}
