package org.fgsbir.core.retrieval;

import dev.ludovic.netlib.blas.BLAS;

/**
 * The BLAS kernel: {@code sgemm} (through {@code dev.ludovic.netlib}, native when the system has a
 * {@code libblas.so.3} such as OpenBLAS) scores a block of items against all queries, then a scan keeps
 * the top-K and counts. BLAS sums in its own order, so its score can differ from the canonical one by a
 * few units in the last place; the scan therefore recomputes the canonical score ({@link Similarity}) of
 * every item whose BLAS score lies within a proven error bound of a decision (the threshold, or the
 * top-K floor), which keeps counts and top lists exact and identical to the other kernels.
 *
 * <p>Bound: any summation order of a length-{@code d} dot product errs by at most
 * {@code gamma(d) * sum|x_j y_j| <= gamma(d) |x| |y|} with {@code gamma(d) = d u / (1 - d u)},
 * {@code u = 2^-24}; both the BLAS and the canonical score obey it, so they differ by at most twice that.
 * For L2 the BLAS path uses {@code |x|^2 + |y|^2 - 2 x.y}; the margin is {@code 4 gamma(d+3) (|x|+|y|)^2}.
 */
final class NetlibScoringKernel implements ScoringKernel {
  static final String NAME = "netlib-blas";
  private static final int BLOCK = 2048;

  private final BLAS blas;

  NetlibScoringKernel(BLAS blas) {
    this.blas = blas;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    return NAME + " (sgemm via " + blas.getClass().getName() + ", then a top-K scan with exact re-scoring near"
        + " decisions)";
  }

  private static final class Shard extends ShardShape {
    final float[] data;
    final double[] norms;
    final double maxNorm;

    Shard(float[] data, double[] norms, double maxNorm, int size, int dimension, int firstIndex) {
      super(size, dimension, firstIndex, NAME);
      this.data = data;
      this.norms = norms;
      this.maxNorm = maxNorm;
    }
  }

  @Override
  public PreparedShard prepare(float[] vectors, int dimension, int firstIndex) {
    int n = KernelChecks.checkShard(vectors, dimension, firstIndex);
    double[] norms = new double[n];
    double max = 0;
    for (int i = 0; i < n; i++) {
      norms[i] = norm(vectors, i * dimension, dimension);
      max = Math.max(max, norms[i]);
    }
    return new Shard(vectors.clone(), norms, max, n, dimension, firstIndex);
  }

  /** A Euclidean norm computed in double, rounded up a little so it bounds the true norm. */
  private static double norm(float[] v, int offset, int d) {
    double s = 0;
    for (int j = 0; j < d; j++) {
      double x = v[offset + j];
      s += x * x;
    }
    return Math.sqrt(s) * (1 + 1e-12);
  }

  private static double gamma(int d) {
    double u = 0x1.0p-24;
    return d * u / (1 - d * u);
  }

  @Override
  public BlockScores score(PreparedShard prepared, float[] queries, float[] thresholds, int k, Similarity similarity) {
    int nq = KernelChecks.checkQueries(this, prepared, queries, thresholds, k, similarity);
    Shard shard = (Shard) prepared;
    int d = shard.dimension;
    int n = shard.size;
    boolean l2 = similarity == Similarity.L2;
    TopKHeaps heaps = new TopKHeaps(nq, Math.min(k, n));
    int[] counts = new int[nq];
    float[] thr = new float[nq];
    double[] qNorm = new double[nq];
    for (int q = 0; q < nq; q++) {
      thr[q] = similarity.key(thresholds[q]);
      qNorm[q] = norm(queries, q * d, d);
    }
    // Absolute slack for underflow in the d products (each at most 2^-149 off).
    double tiny = (d + 4) * 0x1.0p-148;
    int block = Math.min(n, BLOCK);
    float[] c = new float[block * nq];
    for (int i0 = 0; i0 < n; i0 += block) {
      int m = Math.min(block, n - i0);
      // c (m x nq, column-major) = items(i0..i0+m)^T-as-rows x queries: A = data as d x m column-major.
      blas.sgemm("T", "N", m, nq, d, 1f, shard.data, i0 * d, d, queries, 0, d, 0f, c, 0, m);
      for (int q = 0; q < nq; q++) {
        double qn = qNorm[q];
        double qn2 = qn * qn;
        int col = q * m;
        float t = thr[q];
        for (int r = 0; r < m; r++) {
          int i = i0 + r;
          double approx;
          double margin;
          if (l2) {
            double gn = shard.norms[i];
            approx = -(qn2 + gn * gn - 2.0 * c[col + r]);
            margin = 4 * gamma(d + 3) * (qn + gn) * (qn + gn) + tiny;
          } else {
            approx = c[col + r];
            margin = 2.0000001 * gamma(d + 1) * qn * shard.norms[i] + tiny;
          }
          float exact = Float.NaN;
          if (approx >= t - margin) {
            if (approx > t + margin) {
              counts[q]++;
            } else {
              exact = similarity.key(similarity.scoreAt(queries, q * d, shard.data, i * d, d));
              if (exact >= t) {
                counts[q]++;
              }
            }
          }
          float floor = heaps.floor[q];
          if (approx >= floor - margin) {
            if (Float.isNaN(exact)) {
              exact = similarity.key(similarity.scoreAt(queries, q * d, shard.data, i * d, d));
            }
            if (exact > floor) {
              heaps.offer(q, shard.firstIndex + i, exact);
            }
          }
        }
      }
    }
    return heaps.toBlockScores(similarity, k, counts, nq);
  }
}
