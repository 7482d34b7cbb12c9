package org.fgsbir.core.retrieval;

/**
 * The plain-Java kernel: 4 queries x 4 items per tile, 16 independent fused multiply-add chains (the
 * canonical arithmetic), gallery blocks sized to stay in cache. The fallback when neither the Vector API
 * nor a native BLAS is available; fast only where {@link Math#fma} is a hardware instruction.
 */
final class PlainScoringKernel implements ScoringKernel {
  static final String NAME = "plain-java";
  private static final int TILE = 4;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    return NAME + " (scalar Math.fma, tile 4 queries x 4 items)";
  }

  private static final class Shard extends ShardShape {
    final float[] data;

    Shard(float[] data, int size, int dimension, int firstIndex) {
      super(size, dimension, firstIndex, NAME);
      this.data = data;
    }
  }

  @Override
  public PreparedShard prepare(float[] vectors, int dimension, int firstIndex) {
    int n = KernelChecks.checkShard(vectors, dimension, firstIndex);
    return new Shard(vectors.clone(), n, dimension, firstIndex);
  }

  @Override
  public BlockScores score(PreparedShard prepared, float[] queries, float[] thresholds, int k, Similarity similarity) {
    int nq = KernelChecks.checkQueries(this, prepared, queries, thresholds, k, similarity);
    Shard shard = (Shard) prepared;
    int d = shard.dimension;
    int n = shard.size;
    float[] g = shard.data;
    TopKHeaps heaps = new TopKHeaps(nq, Math.min(k, n));
    int[] counts = new int[nq];
    float[] thr = new float[nq];
    for (int q = 0; q < nq; q++) {
      thr[q] = similarity.key(thresholds[q]);
    }
    boolean l2 = similarity == Similarity.L2;
    float[] tile = new float[TILE * TILE];
    int chunk = Math.max(TILE, (128 * 1024 / (4 * d)) / TILE * TILE);
    for (int c0 = 0; c0 < n; c0 += chunk) {
      int c1 = Math.min(n, c0 + chunk);
      for (int q0 = 0; q0 < nq; q0 += TILE) {
        int i0 = c0;
        if (q0 + TILE <= nq) {
          for (; i0 + TILE <= c1; i0 += TILE) {
            if (l2) {
              tileL2(queries, q0 * d, g, i0 * d, d, tile);
            } else {
              tileDot(queries, q0 * d, g, i0 * d, d, tile);
            }
            for (int a = 0; a < TILE; a++) {
              for (int b = 0; b < TILE; b++) {
                accept(heaps, counts, thr, q0 + a, shard.firstIndex + i0 + b, l2 ? -tile[a * TILE + b] : tile[a * TILE + b]);
              }
            }
          }
        }
        int qEnd = Math.min(nq, q0 + TILE);
        for (int q = q0; q < qEnd; q++) {
          for (int i = i0; i < c1; i++) {
            accept(heaps, counts, thr, q, shard.firstIndex + i, similarity.key(similarity.scoreAt(queries, q * d, g, i * d, d)));
          }
        }
      }
    }
    return heaps.toBlockScores(similarity, k, counts, nq);
  }

  private static void accept(TopKHeaps heaps, int[] counts, float[] thr, int q, int index, float key) {
    if (key >= thr[q]) {
      counts[q]++;
    }
    if (key > heaps.floor[q]) {
      heaps.offer(q, index, key);
    }
  }

  private static void tileDot(float[] x, int xo, float[] y, int yo, int d, float[] out) {
    float s00 = 0f, s01 = 0f, s02 = 0f, s03 = 0f;
    float s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f;
    float s20 = 0f, s21 = 0f, s22 = 0f, s23 = 0f;
    float s30 = 0f, s31 = 0f, s32 = 0f, s33 = 0f;
    for (int j = 0; j < d; j++) {
      float x0 = x[xo + j];
      float x1 = x[xo + d + j];
      float x2 = x[xo + 2 * d + j];
      float x3 = x[xo + 3 * d + j];
      float y0 = y[yo + j];
      float y1 = y[yo + d + j];
      float y2 = y[yo + 2 * d + j];
      float y3 = y[yo + 3 * d + j];
      s00 = Math.fma(x0, y0, s00);
      s01 = Math.fma(x0, y1, s01);
      s02 = Math.fma(x0, y2, s02);
      s03 = Math.fma(x0, y3, s03);
      s10 = Math.fma(x1, y0, s10);
      s11 = Math.fma(x1, y1, s11);
      s12 = Math.fma(x1, y2, s12);
      s13 = Math.fma(x1, y3, s13);
      s20 = Math.fma(x2, y0, s20);
      s21 = Math.fma(x2, y1, s21);
      s22 = Math.fma(x2, y2, s22);
      s23 = Math.fma(x2, y3, s23);
      s30 = Math.fma(x3, y0, s30);
      s31 = Math.fma(x3, y1, s31);
      s32 = Math.fma(x3, y2, s32);
      s33 = Math.fma(x3, y3, s33);
    }
    out[0] = s00; out[1] = s01; out[2] = s02; out[3] = s03;
    out[4] = s10; out[5] = s11; out[6] = s12; out[7] = s13;
    out[8] = s20; out[9] = s21; out[10] = s22; out[11] = s23;
    out[12] = s30; out[13] = s31; out[14] = s32; out[15] = s33;
  }

  private static void tileL2(float[] x, int xo, float[] y, int yo, int d, float[] out) {
    for (int a = 0; a < TILE; a++) {
      float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
      int xa = xo + a * d;
      for (int j = 0; j < d; j++) {
        float xv = x[xa + j];
        float d0 = xv - y[yo + j];
        float d1 = xv - y[yo + d + j];
        float d2 = xv - y[yo + 2 * d + j];
        float d3 = xv - y[yo + 3 * d + j];
        s0 = Math.fma(d0, d0, s0);
        s1 = Math.fma(d1, d1, s1);
        s2 = Math.fma(d2, d2, s2);
        s3 = Math.fma(d3, d3, s3);
      }
      out[a * TILE] = s0; out[a * TILE + 1] = s1; out[a * TILE + 2] = s2; out[a * TILE + 3] = s3;
    }
  }
}
