package org.fgsbir.core.image;

/** Image gradients on single-channel row-major {@code float[]} planes. */
public final class ImageGradients {
  private ImageGradients() {}

  /**
   * Sobel derivatives (x to the right, y down) with edge clamping, scaled by 1/8 so a unit step between
   * neighbouring pixels gives a derivative of 0.5; written into {@code gx} and {@code gy} (each of length
   * {@code w * h}).
   */
  public static void sobel(float[] src, int w, int h, float[] gx, float[] gy) {
    for (int y = 0; y < h; y++) {
      int ym = Math.max(0, y - 1) * w;
      int y0 = y * w;
      int yp = Math.min(h - 1, y + 1) * w;
      for (int x = 0; x < w; x++) {
        int xm = Math.max(0, x - 1);
        int xp = Math.min(w - 1, x + 1);
        float a = src[ym + xm];
        float b = src[ym + x];
        float c = src[ym + xp];
        float d = src[y0 + xm];
        float f = src[y0 + xp];
        float g = src[yp + xm];
        float hh = src[yp + x];
        float i = src[yp + xp];
        gx[y0 + x] = ((c + 2 * f + i) - (a + 2 * d + g)) * 0.125f;
        gy[y0 + x] = ((g + 2 * hh + i) - (a + 2 * b + c)) * 0.125f;
      }
    }
  }
}
