package org.fgsbir.core.retrieval;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel (jdk.incubator.vector; the JVM needs {@code --add-modules jdk.incubator.vector}).
 * The gallery is packed once into panels of {@code 2 x lanes} items, component-major, so one component
 * of a panel is two vector loads; a tile is 8 queries x one panel held in 16 vector accumulators, each
 * lane a fused multiply-add chain over the components in ascending order (the canonical arithmetic).
 * After a tile, one vector compare per accumulator counts the items at least as close as the threshold
 * and another finds the (rare) items that beat the query's current top-K floor; only those are inserted
 * into the heap. Panels are walked in cache-sized chunks, all query groups per chunk.
 */
final class VectorScoringKernel implements ScoringKernel {
  static final String NAME = "vector-api";
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  private static final int PANEL = 2 * L;
  private static final int QG = 8;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String describe() {
    return NAME + " (FloatVector " + S.vectorBitSize() + " bits, " + L + " lanes, tile " + QG + " queries x "
        + PANEL + " items, gallery pre-packed, top-K kept in the tile loop)";
  }

  private static final class Shard implements PreparedShard {
    final float[] data;
    final int size;
    final int dimension;
    final int firstIndex;
    final int panels;

    Shard(float[] data, int size, int dimension, int firstIndex, int panels) {
      this.data = data;
      this.size = size;
      this.dimension = dimension;
      this.firstIndex = firstIndex;
      this.panels = panels;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public int dimension() {
      return dimension;
    }

    @Override
    public int firstIndex() {
      return firstIndex;
    }

    @Override
    public String kernelName() {
      return NAME;
    }
  }

  @Override
  public PreparedShard prepare(float[] vectors, int dimension, int firstIndex) {
    int n = KernelChecks.checkShard(vectors, dimension, firstIndex);
    int panels = (n + PANEL - 1) / PANEL;
    if ((long) panels * PANEL * dimension > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("Cannot prepare shard: " + n + " x " + dimension
          + " values exceed one Java array once packed; use smaller shards");
    }
    float[] data = new float[panels * PANEL * dimension];
    for (int i = 0; i < n; i++) {
      int base = (i / PANEL) * PANEL * dimension + i % PANEL;
      for (int j = 0; j < dimension; j++) {
        data[base + j * PANEL] = vectors[i * dimension + j];
      }
    }
    return new Shard(data, n, dimension, firstIndex, panels);
  }

  @Override
  public BlockScores score(PreparedShard prepared, float[] queries, float[] thresholds, int k, Similarity similarity) {
    int nq = KernelChecks.checkQueries(this, prepared, queries, thresholds, k, similarity);
    Shard shard = (Shard) prepared;
    Run run = new Run(shard, queries, nq, thresholds, k, similarity);
    int d = shard.dimension;
    int groups = (nq + QG - 1) / QG;
    int chunk = Math.max(1, (256 * 1024) / (PANEL * d * 4));
    boolean l2 = similarity == Similarity.L2;
    for (int c0 = 0; c0 < shard.panels; c0 += chunk) {
      int c1 = Math.min(shard.panels, c0 + chunk);
      for (int group = 0; group < groups; group++) {
        for (int p = c0; p < c1; p++) {
          if (l2) {
            run.tileL2(p, group);
          } else {
            run.tileDot(p, group);
          }
        }
      }
    }
    return run.heaps.toBlockScores(similarity, k, run.counts);
  }

  /** The state of one score call. */
  private static final class Run {
    final float[] packed;
    final float[] queryPack;
    final int dimension;
    final int size;
    final int firstIndex;
    final int queryCount;
    final float[] thresholdKeys;
    final int[] counts;
    final TopKHeaps heaps;
    final float[] lanes = new float[L];

    Run(Shard shard, float[] queries, int nq, float[] thresholds, int k, Similarity similarity) {
      packed = shard.data;
      dimension = shard.dimension;
      size = shard.size;
      firstIndex = shard.firstIndex;
      queryCount = nq;
      int d = dimension;
      int groups = (nq + QG - 1) / QG;
      queryPack = new float[groups * QG * d];
      for (int q = 0; q < nq; q++) {
        int base = (q / QG) * QG * d + q % QG;
        for (int j = 0; j < d; j++) {
          queryPack[base + j * QG] = queries[q * d + j];
        }
      }
      thresholdKeys = new float[nq];
      for (int q = 0; q < nq; q++) {
        thresholdKeys[q] = similarity.key(thresholds[q]);
      }
      counts = new int[nq];
      heaps = new TopKHeaps(nq, Math.min(k, size));
    }

    void tileDot(int panel, int group) {
      final float[] g = packed;
      final float[] qp = queryPack;
      final int d = dimension;
      int go = panel * d * PANEL;
      int qo = group * d * QG;
      FloatVector z = FloatVector.zero(S);
    FloatVector a00 = z, a01 = z;
    FloatVector a10 = z, a11 = z;
    FloatVector a20 = z, a21 = z;
    FloatVector a30 = z, a31 = z;
    FloatVector a40 = z, a41 = z;
    FloatVector a50 = z, a51 = z;
    FloatVector a60 = z, a61 = z;
    FloatVector a70 = z, a71 = z;
      FloatVector q;
      for (int j = 0; j < d; j++, go += PANEL, qo += QG) {
      FloatVector g0 = FloatVector.fromArray(S, g, go);
      FloatVector g1 = FloatVector.fromArray(S, g, go + L);
      q = FloatVector.broadcast(S, qp[qo + 0]);
      a00 = g0.fma(q, a00);
      a01 = g1.fma(q, a01);
      q = FloatVector.broadcast(S, qp[qo + 1]);
      a10 = g0.fma(q, a10);
      a11 = g1.fma(q, a11);
      q = FloatVector.broadcast(S, qp[qo + 2]);
      a20 = g0.fma(q, a20);
      a21 = g1.fma(q, a21);
      q = FloatVector.broadcast(S, qp[qo + 3]);
      a30 = g0.fma(q, a30);
      a31 = g1.fma(q, a31);
      q = FloatVector.broadcast(S, qp[qo + 4]);
      a40 = g0.fma(q, a40);
      a41 = g1.fma(q, a41);
      q = FloatVector.broadcast(S, qp[qo + 5]);
      a50 = g0.fma(q, a50);
      a51 = g1.fma(q, a51);
      q = FloatVector.broadcast(S, qp[qo + 6]);
      a60 = g0.fma(q, a60);
      a61 = g1.fma(q, a61);
      q = FloatVector.broadcast(S, qp[qo + 7]);
      a70 = g0.fma(q, a70);
      a71 = g1.fma(q, a71);
      }
      int itemBase = panel * PANEL;
      int q0 = group * QG;
      finish(a00, q0 + 0, itemBase + 0);
      finish(a01, q0 + 0, itemBase + L);
      finish(a10, q0 + 1, itemBase + 0);
      finish(a11, q0 + 1, itemBase + L);
      finish(a20, q0 + 2, itemBase + 0);
      finish(a21, q0 + 2, itemBase + L);
      finish(a30, q0 + 3, itemBase + 0);
      finish(a31, q0 + 3, itemBase + L);
      finish(a40, q0 + 4, itemBase + 0);
      finish(a41, q0 + 4, itemBase + L);
      finish(a50, q0 + 5, itemBase + 0);
      finish(a51, q0 + 5, itemBase + L);
      finish(a60, q0 + 6, itemBase + 0);
      finish(a61, q0 + 6, itemBase + L);
      finish(a70, q0 + 7, itemBase + 0);
      finish(a71, q0 + 7, itemBase + L);
    }

    void tileL2(int panel, int group) {
      final float[] g = packed;
      final float[] qp = queryPack;
      final int d = dimension;
      int go = panel * d * PANEL;
      int qo = group * d * QG;
      FloatVector z = FloatVector.zero(S);
    FloatVector a00 = z, a01 = z;
    FloatVector a10 = z, a11 = z;
    FloatVector a20 = z, a21 = z;
    FloatVector a30 = z, a31 = z;
    FloatVector a40 = z, a41 = z;
    FloatVector a50 = z, a51 = z;
    FloatVector a60 = z, a61 = z;
    FloatVector a70 = z, a71 = z;
      FloatVector q; FloatVector t0; FloatVector t1;
      for (int j = 0; j < d; j++, go += PANEL, qo += QG) {
      FloatVector g0 = FloatVector.fromArray(S, g, go);
      FloatVector g1 = FloatVector.fromArray(S, g, go + L);
      q = FloatVector.broadcast(S, qp[qo + 0]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a00 = t0.fma(t0, a00);
      a01 = t1.fma(t1, a01);
      q = FloatVector.broadcast(S, qp[qo + 1]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a10 = t0.fma(t0, a10);
      a11 = t1.fma(t1, a11);
      q = FloatVector.broadcast(S, qp[qo + 2]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a20 = t0.fma(t0, a20);
      a21 = t1.fma(t1, a21);
      q = FloatVector.broadcast(S, qp[qo + 3]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a30 = t0.fma(t0, a30);
      a31 = t1.fma(t1, a31);
      q = FloatVector.broadcast(S, qp[qo + 4]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a40 = t0.fma(t0, a40);
      a41 = t1.fma(t1, a41);
      q = FloatVector.broadcast(S, qp[qo + 5]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a50 = t0.fma(t0, a50);
      a51 = t1.fma(t1, a51);
      q = FloatVector.broadcast(S, qp[qo + 6]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a60 = t0.fma(t0, a60);
      a61 = t1.fma(t1, a61);
      q = FloatVector.broadcast(S, qp[qo + 7]);
      t0 = g0.sub(q);
      t1 = g1.sub(q);
      a70 = t0.fma(t0, a70);
      a71 = t1.fma(t1, a71);
      }
      int itemBase = panel * PANEL;
      int q0 = group * QG;
      finish(a00.neg(), q0 + 0, itemBase + 0);
      finish(a01.neg(), q0 + 0, itemBase + L);
      finish(a10.neg(), q0 + 1, itemBase + 0);
      finish(a11.neg(), q0 + 1, itemBase + L);
      finish(a20.neg(), q0 + 2, itemBase + 0);
      finish(a21.neg(), q0 + 2, itemBase + L);
      finish(a30.neg(), q0 + 3, itemBase + 0);
      finish(a31.neg(), q0 + 3, itemBase + L);
      finish(a40.neg(), q0 + 4, itemBase + 0);
      finish(a41.neg(), q0 + 4, itemBase + L);
      finish(a50.neg(), q0 + 5, itemBase + 0);
      finish(a51.neg(), q0 + 5, itemBase + L);
      finish(a60.neg(), q0 + 6, itemBase + 0);
      finish(a61.neg(), q0 + 6, itemBase + L);
      finish(a70.neg(), q0 + 7, itemBase + 0);
      finish(a71.neg(), q0 + 7, itemBase + L);
    }

    /** Counts and top-K for one accumulator: query {@code q}, local items {@code itemBase..+L}. */
    private void finish(FloatVector key, int q, int itemBase) {
      if (q >= queryCount) {
        return;
      }
      int valid = size - itemBase;
      VectorMask<Float> atLeast = key.compare(VectorOperators.GE, thresholdKeys[q]);
      VectorMask<Float> better = key.compare(VectorOperators.GT, heaps.floor[q]);
      if (valid < L) {
        VectorMask<Float> inRange = S.indexInRange(0, Math.max(valid, 0));
        atLeast = atLeast.and(inRange);
        better = better.and(inRange);
      }
      counts[q] += atLeast.trueCount();
      if (better.anyTrue()) {
        key.intoArray(lanes, 0);
        int limit = Math.min(L, valid);
        int global = firstIndex + itemBase;
        for (int lane = 0; lane < limit; lane++) {
          if (lanes[lane] > heaps.floor[q]) {
            heaps.offer(q, global + lane, lanes[lane]);
          }
        }
      }
    }
  }
}
