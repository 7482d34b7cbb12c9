package org.fgsbir.core.image;

/**
 * Deterministic separable resampling of packed 8-bit RGB images into float planes in [0, 1].
 *
 * <p>The filter is a triangle (bilinear) kernel. When shrinking by a factor {@code s > 1} the kernel is
 * widened by {@code s}, so every source pixel contributes (antialiased, close to area averaging); when
 * enlarging it is plain bilinear interpolation. Output pixel {@code j} of an axis resized from {@code n}
 * to {@code m} pixels is centred at source position {@code (j + 0.5) * n / m} (pixel edges at integers);
 * taps that fall outside the source are dropped and the remaining weights renormalised, so the borders
 * are not darkened or lightened. This is the scheme of PIL's {@code Image.resize(..., BILINEAR)}.
 * Resampling works on the stored (gamma-encoded) sRGB values, as PIL and most training pipelines do.
 */
final class Resampler {

  private Resampler() {
  }

  /** The taps of one output position along one axis. */
  private record Taps(int first, double[] weights) {
  }

  /**
   * Resizes the {@code width x height} packed RGB image to {@code outWidth x outHeight} and returns only
   * the window {@code [left, left + windowWidth) x [top, top + windowHeight)} of the result, as three
   * planes (R, G, B) of {@code windowWidth * windowHeight} values in [0, 1].
   */
  static float[][] resize(int[] rgb, int width, int height, int outWidth, int outHeight,
      int left, int top, int windowWidth, int windowHeight) {
    Taps[] columns = taps(width, outWidth, left, windowWidth);
    Taps[] rows = taps(height, outHeight, top, windowHeight);
    int rowFrom = rows[0].first();
    int rowTo = rowFrom;
    for (Taps t : rows) {
      rowFrom = Math.min(rowFrom, t.first());
      rowTo = Math.max(rowTo, t.first() + t.weights().length);
    }
    // Horizontal pass over the source rows the vertical pass needs.
    int used = rowTo - rowFrom;
    float[][] horizontal = new float[3][used * windowWidth];
    for (int y = rowFrom; y < rowTo; y++) {
      int src = y * width;
      int dst = (y - rowFrom) * windowWidth;
      for (int j = 0; j < windowWidth; j++) {
        Taps t = columns[j];
        double r = 0;
        double g = 0;
        double b = 0;
        double[] w = t.weights();
        for (int k = 0; k < w.length; k++) {
          int p = rgb[src + t.first() + k];
          r += w[k] * ((p >> 16) & 0xFF);
          g += w[k] * ((p >> 8) & 0xFF);
          b += w[k] * (p & 0xFF);
        }
        horizontal[0][dst + j] = (float) (r / 255);
        horizontal[1][dst + j] = (float) (g / 255);
        horizontal[2][dst + j] = (float) (b / 255);
      }
    }
    float[][] out = new float[3][windowWidth * windowHeight];
    for (int c = 0; c < 3; c++) {
      float[] in = horizontal[c];
      float[] plane = out[c];
      for (int i = 0; i < windowHeight; i++) {
        Taps t = rows[i];
        double[] w = t.weights();
        int base = (t.first() - rowFrom) * windowWidth;
        for (int j = 0; j < windowWidth; j++) {
          double v = 0;
          for (int k = 0; k < w.length; k++) {
            v += w[k] * in[base + k * windowWidth + j];
          }
          plane[i * windowWidth + j] = (float) Math.min(1.0, Math.max(0.0, v));
        }
      }
    }
    return out;
  }

  /** Normalised triangle-filter taps for outputs {@code from .. from + count - 1} of an n -> m resize. */
  private static Taps[] taps(int n, int m, int from, int count) {
    double scale = (double) n / m;
    double support = Math.max(scale, 1.0); // triangle half-width in source pixels
    Taps[] taps = new Taps[count];
    for (int i = 0; i < count; i++) {
      double centre = (from + i + 0.5) * scale;
      int first = Math.max(0, (int) Math.floor(centre - support + 0.5));
      int last = Math.min(n, (int) Math.floor(centre + support + 0.5)); // exclusive
      if (last <= first) { // cannot happen for in-range outputs; keep the nearest pixel to be safe
        first = Math.min(n - 1, Math.max(0, (int) Math.floor(centre)));
        last = first + 1;
      }
      double[] weights = new double[last - first];
      double sum = 0;
      for (int k = 0; k < weights.length; k++) {
        double distance = Math.abs(first + k + 0.5 - centre) / support;
        double w = distance < 1 ? 1 - distance : 0;
        weights[k] = w;
        sum += w;
      }
      if (sum > 0) {
        for (int k = 0; k < weights.length; k++) {
          weights[k] /= sum;
        }
      } else {
        java.util.Arrays.fill(weights, 1.0 / weights.length);
      }
      taps[i] = new Taps(first, weights);
    }
    return taps;
  }
}
