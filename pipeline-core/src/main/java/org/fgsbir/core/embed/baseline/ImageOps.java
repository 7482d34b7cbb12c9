package org.fgsbir.core.embed.baseline;

/** Small single-channel image operations on row-major {@code float[]} planes. */
final class ImageOps {
  private ImageOps() {}

  /** Separable Gaussian blur with edge clamping; returns a new plane ({@code sigma <= 0}: a copy). */
  static float[] blur(float[] src, int w, int h, float sigma) {
    if (sigma <= 0) {
      return src.clone();
    }
    int radius = Math.max(1, (int) Math.ceil(3 * sigma));
    float[] kernel = new float[2 * radius + 1];
    float sum = 0;
    for (int i = -radius; i <= radius; i++) {
      kernel[i + radius] = (float) Math.exp(-(i * i) / (2.0 * sigma * sigma));
      sum += kernel[i + radius];
    }
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] /= sum;
    }
    float[] tmp = new float[w * h];
    for (int y = 0; y < h; y++) {
      int row = y * w;
      for (int x = 0; x < w; x++) {
        float acc = 0;
        for (int k = -radius; k <= radius; k++) {
          int xx = Math.min(w - 1, Math.max(0, x + k));
          acc += kernel[k + radius] * src[row + xx];
        }
        tmp[row + x] = acc;
      }
    }
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float acc = 0;
        for (int k = -radius; k <= radius; k++) {
          int yy = Math.min(h - 1, Math.max(0, y + k));
          acc += kernel[k + radius] * tmp[yy * w + x];
        }
        out[y * w + x] = acc;
      }
    }
    return out;
  }

  /**
   * Resamples {@code src} ({@code sw x sh}) into a new {@code dw x dh} plane: destination pixel centre
   * {@code (x + 0.5, y + 0.5)} maps to source position {@code (x0 + (x + 0.5) * step, y0 + (y + 0.5) *
   * step)}, sampled bilinearly; positions outside the source read {@code fill}, or the nearest edge pixel
   * when {@code fill} is NaN. When shrinking
   * ({@code step > 1}) the source is first blurred so the result approximates an area average.
   */
  static float[] resample(float[] src, int sw, int sh, float x0, float y0, float step, int dw, int dh,
      float fill) {
    float[] s = step > 1.2f ? blur(src, sw, sh, 0.45f * step) : src;
    float[] out = new float[dw * dh];
    for (int y = 0; y < dh; y++) {
      float sy = y0 + (y + 0.5f) * step - 0.5f;
      for (int x = 0; x < dw; x++) {
        float sx = x0 + (x + 0.5f) * step - 0.5f;
        out[y * dw + x] = bilinear(s, sw, sh, sx, sy, fill);
      }
    }
    return out;
  }

  /** Bilinear sample at pixel-centre coordinates ({@code (0, 0)} = centre of the first pixel). */
  static float bilinear(float[] src, int w, int h, float sx, float sy, float fill) {
    if (!Float.isNaN(fill) && (sx < -0.5f || sy < -0.5f || sx > w - 0.5f || sy > h - 0.5f)) {
      return fill;
    }
    float cx = Math.min(Math.max(sx, 0), w - 1);
    float cy = Math.min(Math.max(sy, 0), h - 1);
    int ix = Math.min((int) cx, w - 2 < 0 ? 0 : w - 2);
    int iy = Math.min((int) cy, h - 2 < 0 ? 0 : h - 2);
    float fx = cx - ix;
    float fy = cy - iy;
    int ix1 = Math.min(ix + 1, w - 1);
    int iy1 = Math.min(iy + 1, h - 1);
    float top = src[iy * w + ix] * (1 - fx) + src[iy * w + ix1] * fx;
    float bottom = src[iy1 * w + ix] * (1 - fx) + src[iy1 * w + ix1] * fx;
    return top * (1 - fy) + bottom * fy;
  }

  /** The median of {@code values[0..n)}; reorders the array. */
  static float median(float[] values, int n) {
    java.util.Arrays.sort(values, 0, n);
    return n % 2 == 1 ? values[n / 2] : 0.5f * (values[n / 2 - 1] + values[n / 2]);
  }
}
