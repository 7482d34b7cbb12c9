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

  /**
   * Normalised filter taps along one axis: output {@code i} reads {@code count[i]} source pixels from
   * {@code first[i]} with weights {@code weights[offset[i] ..]}.
   */
  private record Taps(int[] first, int[] count, int[] offset, double[] weights) {
  }

  /**
   * Resizes the {@code width x height} packed RGB image to {@code outWidth x outHeight} and returns only
   * the window {@code [left, left + windowWidth) x [top, top + windowHeight)} of the result, as three
   * planes (R, G, B) of {@code windowWidth * windowHeight} values in [0, 1].
   */
  static float[][] resize(int[] rgb, int width, int height, int outWidth, int outHeight,
      int left, int top, int windowWidth, int windowHeight) {
    Taps columns = taps(width, outWidth, left, windowWidth);
    Taps rows = taps(height, outHeight, top, windowHeight);
    int rowFrom = Integer.MAX_VALUE;
    int rowTo = 0;
    for (int i = 0; i < windowHeight; i++) {
      rowFrom = Math.min(rowFrom, rows.first()[i]);
      rowTo = Math.max(rowTo, rows.first()[i] + rows.count()[i]);
    }
    // Horizontal pass over the source rows the vertical pass needs, one plane per channel.
    int used = rowTo - rowFrom;
    float[][] horizontal = new float[3][used * windowWidth];
    int[] colFirst = columns.first();
    int[] colCount = columns.count();
    int[] colOffset = columns.offset();
    double[] colWeights = columns.weights();
    float[] red = horizontal[0];
    float[] green = horizontal[1];
    float[] blue = horizontal[2];
    for (int y = rowFrom; y < rowTo; y++) {
      int dst = (y - rowFrom) * windowWidth;
      for (int j = 0; j < windowWidth; j++) {
        int src = y * width + colFirst[j];
        int w0 = colOffset[j];
        double r = 0;
        double g = 0;
        double b = 0;
        for (int k = 0; k < colCount[j]; k++) {
          int p = rgb[src + k];
          double w = colWeights[w0 + k];
          r += w * ((p >> 16) & 0xFF);
          g += w * ((p >> 8) & 0xFF);
          b += w * (p & 0xFF);
        }
        red[dst + j] = (float) (r / 255);
        green[dst + j] = (float) (g / 255);
        blue[dst + j] = (float) (b / 255);
      }
    }
    // Vertical pass: each output row is a weighted sum of whole horizontal rows.
    float[][] out = new float[3][windowWidth * windowHeight];
    double[] acc = new double[windowWidth];
    for (int c = 0; c < 3; c++) {
      float[] in = horizontal[c];
      float[] plane = out[c];
      for (int i = 0; i < windowHeight; i++) {
        java.util.Arrays.fill(acc, 0);
        int w0 = rows.offset()[i];
        for (int k = 0; k < rows.count()[i]; k++) {
          double w = rows.weights()[w0 + k];
          int base = (rows.first()[i] + k - rowFrom) * windowWidth;
          for (int j = 0; j < windowWidth; j++) {
            acc[j] += w * in[base + j];
          }
        }
        int dst = i * windowWidth;
        for (int j = 0; j < windowWidth; j++) {
          plane[dst + j] = (float) Math.min(1.0, Math.max(0.0, acc[j]));
        }
      }
    }
    return out;
  }

  /** Normalised triangle-filter taps for outputs {@code from .. from + count - 1} of an n -> m resize. */
  private static Taps taps(int n, int m, int from, int count) {
    double scale = (double) n / m;
    double support = Math.max(scale, 1.0); // triangle half-width in source pixels
    int[] firsts = new int[count];
    int[] counts = new int[count];
    int[] offsets = new int[count];
    double[] weights = new double[count * ((int) Math.ceil(2 * support) + 2)];
    int used = 0;
    for (int i = 0; i < count; i++) {
      double centre = (from + i + 0.5) * scale;
      int first = Math.max(0, (int) Math.floor(centre - support + 0.5));
      int last = Math.min(n, (int) Math.floor(centre + support + 0.5)); // exclusive
      if (last <= first) { // cannot happen for in-range outputs; keep the nearest pixel to be safe
        first = Math.min(n - 1, Math.max(0, (int) Math.floor(centre)));
        last = first + 1;
      }
      int taps = last - first;
      if (used + taps > weights.length) {
        weights = java.util.Arrays.copyOf(weights, Math.max(2 * weights.length, used + taps));
      }
      double sum = 0;
      for (int k = 0; k < taps; k++) {
        double distance = Math.abs(first + k + 0.5 - centre) / support;
        double w = distance < 1 ? 1 - distance : 0;
        weights[used + k] = w;
        sum += w;
      }
      for (int k = 0; k < taps; k++) {
        weights[used + k] = sum > 0 ? weights[used + k] / sum : 1.0 / taps;
      }
      firsts[i] = first;
      counts[i] = taps;
      offsets[i] = used;
      used += taps;
    }
    return new Taps(firsts, counts, offsets, weights);
  }
}
