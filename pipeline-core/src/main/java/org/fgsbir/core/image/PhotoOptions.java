package org.fgsbir.core.image;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How a photo becomes a model input.
 *
 * @param size output side in pixels (the output is square)
 * @param fit how a non-square photo becomes square
 * @param mean per-channel mean subtracted after scaling pixels to [0, 1] (R, G, B)
 * @param std per-channel standard deviation divided by after subtracting the mean (R, G, B)
 * @param edgeMap when true the output is a 1-channel edge-strength map in [0, 1] instead of RGB (mean
 *     and std of channel 0 apply)
 * @param maxPixels largest {@code width * height} accepted; larger images are refused from their header,
 *     before the pixels are decoded
 */
public record PhotoOptions(int size, Fit fit, float[] mean, float[] std, boolean edgeMap, long maxPixels)
    implements Serializable {

  /** How a non-square photo becomes square. */
  public enum Fit {
    /** Scale the longer side to {@code size} and pad the shorter one with white, centred. */
    PAD,
    /** Scale the shorter side to {@code size} and crop the longer one, centred. */
    CROP
  }

  /** Validates the values and copies the arrays. */
  public PhotoOptions {
    if (size < 8 || size > 4096) {
      throw new IllegalArgumentException("photo size " + size + " outside 8..4096");
    }
    if (fit == null) {
      throw new IllegalArgumentException("fit is required");
    }
    if (mean == null || std == null || mean.length != 3 || std.length != 3) {
      throw new IllegalArgumentException("mean and std need exactly 3 values (R, G, B)");
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std values must be > 0 but were " + Arrays.toString(std));
      }
    }
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1 but was " + maxPixels);
    }
    mean = mean.clone();
    std = std.clone();
  }

  /** 224 px, padded, pixels in [0, 1] (mean 0, std 1), RGB, at most 50 megapixels. */
  public static PhotoOptions defaults() {
    return new PhotoOptions(224, Fit.PAD, new float[] {0, 0, 0}, new float[] {1, 1, 1}, false, 50_000_000L);
  }

  /** {@link #defaults()} with ImageNet mean and std, as most published photo branches expect. */
  public static PhotoOptions imagenet() {
    return new PhotoOptions(224, Fit.PAD, new float[] {0.485f, 0.456f, 0.406f},
        new float[] {0.229f, 0.224f, 0.225f}, false, 50_000_000L);
  }

  /** A copy with another pixel-count limit. */
  public PhotoOptions withMaxPixels(long newMaxPixels) {
    return new PhotoOptions(size, fit, mean, std, edgeMap, newMaxPixels);
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PhotoOptions p && size == p.size && fit == p.fit && Arrays.equals(mean, p.mean)
        && Arrays.equals(std, p.std) && edgeMap == p.edgeMap && maxPixels == p.maxPixels;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * (31 * size + fit.hashCode()) + Arrays.hashCode(mean)) + Arrays.hashCode(std)
        + Boolean.hashCode(edgeMap) + Long.hashCode(maxPixels);
  }

  @Override
  public String toString() {
    return "PhotoOptions[size=" + size + ", fit=" + fit + ", mean=" + Arrays.toString(mean) + ", std="
        + Arrays.toString(std) + ", edgeMap=" + edgeMap + ", maxPixels=" + maxPixels + "]";
  }
}
