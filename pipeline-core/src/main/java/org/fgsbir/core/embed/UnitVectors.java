package org.fgsbir.core.embed;

import java.util.Arrays;

/** L2 normalisation as every {@link Embedder} returns it. */
public final class UnitVectors {
  private UnitVectors() {}

  /**
   * Scales {@code v} in place to unit length and returns it; an all-zero (or vanishingly small) vector
   * becomes the uniform unit vector, so the result is always a valid unit vector.
   */
  public static float[] normaliseInPlace(float[] v) {
    double ss = 0;
    for (float x : v) {
      ss += (double) x * x;
    }
    if (!(ss > 1e-30)) {
      Arrays.fill(v, (float) (1 / Math.sqrt(v.length)));
      return v;
    }
    float inv = (float) (1 / Math.sqrt(ss));
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }
}
