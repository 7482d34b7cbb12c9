package org.fgsbir.jobs.tf;

import java.util.Random;

/**
 * Training-time augmentation of CHW tensors: an optional horizontal flip and a small random affine jitter
 * (scale, rotation, shift about the centre), resampled bilinearly; pixels from outside the source take a
 * fill value (the paper or background colour).
 */
final class Augmenter {
  private Augmenter() {}

  /**
   * A transformed copy of {@code chw}.
   *
   * @param chw channels x size x size values
   * @param channels channel count
   * @param size side
   * @param flip mirror left-right
   * @param maxScale largest relative scale change (0.1 = 0.9 .. 1.1)
   * @param maxDegrees largest rotation in degrees
   * @param maxShift largest shift as a fraction of the side
   * @param fill value per channel for pixels mapped from outside the source
   * @param random source of the jitter
   */
  static float[] transform(float[] chw, int channels, int size, boolean flip, double maxScale, double maxDegrees,
      double maxShift, float[] fill, Random random) {
    double scale = 1 + (random.nextDouble() * 2 - 1) * maxScale;
    double angle = Math.toRadians((random.nextDouble() * 2 - 1) * maxDegrees);
    double dx = (random.nextDouble() * 2 - 1) * maxShift * size;
    double dy = (random.nextDouble() * 2 - 1) * maxShift * size;
    double cos = Math.cos(angle) / scale;
    double sin = Math.sin(angle) / scale;
    double centre = (size - 1) / 2.0;
    int plane = size * size;
    float[] out = new float[chw.length];
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        // Inverse map: output pixel -> source position.
        double u = x - centre - dx;
        double v = y - centre - dy;
        double sx = cos * u + sin * v + centre;
        double sy = -sin * u + cos * v + centre;
        if (flip) {
          sx = size - 1 - sx;
        }
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        for (int c = 0; c < channels; c++) {
          int base = c * plane;
          double value = (1 - fy) * ((1 - fx) * at(chw, base, size, x0, y0, fill[c]) + fx * at(chw, base, size, x0 + 1, y0, fill[c]))
              + fy * ((1 - fx) * at(chw, base, size, x0, y0 + 1, fill[c]) + fx * at(chw, base, size, x0 + 1, y0 + 1, fill[c]));
          out[base + y * size + x] = (float) value;
        }
      }
    }
    return out;
  }

  private static float at(float[] chw, int base, int size, int x, int y, float fill) {
    return x < 0 || y < 0 || x >= size || y >= size ? fill : chw[base + y * size + x];
  }

  /** Copies a CHW tensor into an NHWC batch buffer at position {@code index}. */
  static void putNhwc(float[] chw, int channels, int size, float[] batch, int index) {
    int plane = size * size;
    int base = index * plane * channels;
    for (int p = 0; p < plane; p++) {
      for (int c = 0; c < channels; c++) {
        batch[base + p * channels + c] = chw[c * plane + p];
      }
    }
  }
}
