package org.fgsbir.core.raster;

import java.io.Serializable;

/**
 * How a sketch becomes an {@code size x size} grayscale raster.
 *
 * @param size output side in pixels
 * @param lineWidth stroke width in output pixels
 * @param padding margin in output pixels between the sketch's bounding box and the border
 *     ({@link Placement#FIT_SKETCH_BOUNDS} only)
 * @param polarity ink and paper values
 * @param placement how sketch coordinates map to pixels
 * @param canvasSize side of the source canvas in sketch units ({@link Placement#ABSOLUTE_CANVAS} only)
 */
public record RasterOptions(
    int size, float lineWidth, float padding, Polarity polarity, Placement placement, float canvasSize)
    implements Serializable {

  /** Ink and paper values in the output (0 = black, 1 = white). */
  public enum Polarity {
    /** Black ink (0) on white paper (1). */
    DARK_ON_LIGHT,
    /** White ink (1) on black paper (0), as the reference on-the-fly FG-SBIR code renders. */
    LIGHT_ON_DARK
  }

  /** How sketch coordinates map to pixels. */
  public enum Placement {
    /**
     * Scale uniformly so the complete sketch's bounding box fits inside the padded square, centred. Every
     * partial sketch uses its complete sketch's box, so a prefix sits where it will in the final drawing.
     */
    FIT_SKETCH_BOUNDS,
    /** Coordinates are absolute positions on a {@code canvasSize} square canvas, scaled to the output. */
    ABSOLUTE_CANVAS
  }

  /** Validates the values. */
  public RasterOptions {
    if (size < 8 || size > 4096) {
      throw new IllegalArgumentException("raster size " + size + " outside 8..4096");
    }
    if (!(lineWidth > 0) || lineWidth > size) {
      throw new IllegalArgumentException("line width " + lineWidth + " must be in (0, " + size + "]");
    }
    if (!(padding >= 0) || padding * 2 >= size) {
      throw new IllegalArgumentException("padding " + padding + " must be >= 0 and below half the size");
    }
    if (polarity == null || placement == null) {
      throw new IllegalArgumentException("polarity and placement are required");
    }
    if (placement == Placement.ABSOLUTE_CANVAS && !(canvasSize > 0)) {
      throw new IllegalArgumentException("canvas size " + canvasSize + " must be > 0 for absolute placement");
    }
  }

  /** The default: 224 px, 3 px dark lines on white, 16 px padding, fitted to the complete sketch. */
  public static RasterOptions defaults() {
    return new RasterOptions(224, 3f, 16f, Polarity.DARK_ON_LIGHT, Placement.FIT_SKETCH_BOUNDS, 256f);
  }

  /**
   * The preset matching the reference on-the-fly FG-SBIR code: a 256 px canvas in absolute coordinates,
   * about 3 px white lines on black.
   */
  public static RasterOptions referenceCode() {
    return new RasterOptions(256, 3f, 0f, Polarity.LIGHT_ON_DARK, Placement.ABSOLUTE_CANVAS, 256f);
  }

  /**
   * The same drawing at another output size: line width and padding scale with the size (the line at
   * least 1 px wide), so a sketch looks the same, only finer or coarser. Trainers and the model settings
   * both derive their rasters this way, so a model sees at run time the raster it was trained on.
   */
  public RasterOptions scaledTo(int newSize) {
    float scale = (float) newSize / size;
    return new RasterOptions(newSize, Math.max(1f, lineWidth * scale), padding * scale, polarity, placement,
        canvasSize);
  }

  /** A copy with another output size (line width and padding unchanged, in pixels). */
  public RasterOptions withSize(int newSize) {
    return new RasterOptions(newSize, lineWidth, padding, polarity, placement, canvasSize);
  }
}
