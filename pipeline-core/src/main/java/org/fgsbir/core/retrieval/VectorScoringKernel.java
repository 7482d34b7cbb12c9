package org.fgsbir.core.retrieval;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel (jdk.incubator.vector; the JVM needs {@code --add-modules jdk.incubator.vector}).
 * The gallery is packed once into panels of {@code 2 x lanes} items, component-major, so one component
 * of a panel is two vector loads; a tile is 8 queries x one panel held in 16 vector accumulators, each
 * lane a fused multiply-add chain over the components in ascending order (the canonical arithmetic).
 * After a tile, one vector compare per accumulator counts the items at least as close as the threshold
 * and another finds the (rare) items that beat the query's current top-K floor; only those are inserted
 * into the heap. Each panel meets a cache-sized chunk of query groups while it sits in L1.
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

  private static final class Shard extends ShardShape {
    final float[] data;
    final int panels;

    Shard(float[] data, int size, int dimension, int firstIndex, int panels) {
      super(size, dimension, firstIndex, NAME);
      this.data = data;
      this.panels = panels;
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
    // A chunk of query groups (~512 KiB, in L2) against one panel at a time: the panel (PANEL x d floats)
    // is reused from L1 by every group of the chunk, and the queries stream from L2 at 8 floats per
    // component instead of the panel's 2 x lanes.
    int groupChunk = Math.max(1, (512 * 1024) / (QG * d * 4));
    boolean l2 = similarity == Similarity.L2;
    for (int g0 = 0; g0 < groups; g0 += groupChunk) {
      int g1 = Math.min(groups, g0 + groupChunk);
      for (int p = 0; p < shard.panels; p++) {
        for (int group = g0; group < g1; group++) {
          if (l2) {
            run.tileL2(p, group);
          } else {
            run.tileDot(p, group);
          }
        }
      }
    }
    return run.heaps.toBlockScores(similarity, k, run.counts, nq);
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
      // Padding queries never count (threshold +inf) and never enter a top list (floor +inf).
      int padded = groups * QG;
      thresholdKeys = new float[padded];
      Arrays.fill(thresholdKeys, Float.POSITIVE_INFINITY);
      for (int q = 0; q < nq; q++) {
        thresholdKeys[q] = similarity.key(thresholds[q]);
      }
      counts = new int[padded];
      heaps = new TopKHeaps(padded, Math.min(k, size));
      Arrays.fill(heaps.floor, nq, padded, Float.POSITIVE_INFINITY);
    }

    void tileDot(int panel, int group) {
      final float[] g = packed;
      final float[] qp = queryPack;
      final int d = dimension;
      final int gb = panel * d * PANEL;
      final int qb = group * d * QG;
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
      for (int j = 0; j < d; j++) {
        final int go = gb + j * PANEL;
        final int qo = qb + j * QG;
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
      final int itemBase = panel * PANEL;
      final int q0 = group * QG;
      final float[] floor = heaps.floor;
      if (itemBase + PANEL <= size) {
        float th0 = thresholdKeys[q0 + 0];
        counts[q0 + 0] += a00.compare(VectorOperators.GE, th0).trueCount()
            + a01.compare(VectorOperators.GE, th0).trueCount();
        if (a00.compare(VectorOperators.GT, floor[q0 + 0]).anyTrue()) {
          a00.intoArray(lanes, 0);
          offerLanes(q0 + 0, itemBase + 0 * L, L);
        }
        if (a01.compare(VectorOperators.GT, floor[q0 + 0]).anyTrue()) {
          a01.intoArray(lanes, 0);
          offerLanes(q0 + 0, itemBase + 1 * L, L);
        }
        float th1 = thresholdKeys[q0 + 1];
        counts[q0 + 1] += a10.compare(VectorOperators.GE, th1).trueCount()
            + a11.compare(VectorOperators.GE, th1).trueCount();
        if (a10.compare(VectorOperators.GT, floor[q0 + 1]).anyTrue()) {
          a10.intoArray(lanes, 0);
          offerLanes(q0 + 1, itemBase + 0 * L, L);
        }
        if (a11.compare(VectorOperators.GT, floor[q0 + 1]).anyTrue()) {
          a11.intoArray(lanes, 0);
          offerLanes(q0 + 1, itemBase + 1 * L, L);
        }
        float th2 = thresholdKeys[q0 + 2];
        counts[q0 + 2] += a20.compare(VectorOperators.GE, th2).trueCount()
            + a21.compare(VectorOperators.GE, th2).trueCount();
        if (a20.compare(VectorOperators.GT, floor[q0 + 2]).anyTrue()) {
          a20.intoArray(lanes, 0);
          offerLanes(q0 + 2, itemBase + 0 * L, L);
        }
        if (a21.compare(VectorOperators.GT, floor[q0 + 2]).anyTrue()) {
          a21.intoArray(lanes, 0);
          offerLanes(q0 + 2, itemBase + 1 * L, L);
        }
        float th3 = thresholdKeys[q0 + 3];
        counts[q0 + 3] += a30.compare(VectorOperators.GE, th3).trueCount()
            + a31.compare(VectorOperators.GE, th3).trueCount();
        if (a30.compare(VectorOperators.GT, floor[q0 + 3]).anyTrue()) {
          a30.intoArray(lanes, 0);
          offerLanes(q0 + 3, itemBase + 0 * L, L);
        }
        if (a31.compare(VectorOperators.GT, floor[q0 + 3]).anyTrue()) {
          a31.intoArray(lanes, 0);
          offerLanes(q0 + 3, itemBase + 1 * L, L);
        }
        float th4 = thresholdKeys[q0 + 4];
        counts[q0 + 4] += a40.compare(VectorOperators.GE, th4).trueCount()
            + a41.compare(VectorOperators.GE, th4).trueCount();
        if (a40.compare(VectorOperators.GT, floor[q0 + 4]).anyTrue()) {
          a40.intoArray(lanes, 0);
          offerLanes(q0 + 4, itemBase + 0 * L, L);
        }
        if (a41.compare(VectorOperators.GT, floor[q0 + 4]).anyTrue()) {
          a41.intoArray(lanes, 0);
          offerLanes(q0 + 4, itemBase + 1 * L, L);
        }
        float th5 = thresholdKeys[q0 + 5];
        counts[q0 + 5] += a50.compare(VectorOperators.GE, th5).trueCount()
            + a51.compare(VectorOperators.GE, th5).trueCount();
        if (a50.compare(VectorOperators.GT, floor[q0 + 5]).anyTrue()) {
          a50.intoArray(lanes, 0);
          offerLanes(q0 + 5, itemBase + 0 * L, L);
        }
        if (a51.compare(VectorOperators.GT, floor[q0 + 5]).anyTrue()) {
          a51.intoArray(lanes, 0);
          offerLanes(q0 + 5, itemBase + 1 * L, L);
        }
        float th6 = thresholdKeys[q0 + 6];
        counts[q0 + 6] += a60.compare(VectorOperators.GE, th6).trueCount()
            + a61.compare(VectorOperators.GE, th6).trueCount();
        if (a60.compare(VectorOperators.GT, floor[q0 + 6]).anyTrue()) {
          a60.intoArray(lanes, 0);
          offerLanes(q0 + 6, itemBase + 0 * L, L);
        }
        if (a61.compare(VectorOperators.GT, floor[q0 + 6]).anyTrue()) {
          a61.intoArray(lanes, 0);
          offerLanes(q0 + 6, itemBase + 1 * L, L);
        }
        float th7 = thresholdKeys[q0 + 7];
        counts[q0 + 7] += a70.compare(VectorOperators.GE, th7).trueCount()
            + a71.compare(VectorOperators.GE, th7).trueCount();
        if (a70.compare(VectorOperators.GT, floor[q0 + 7]).anyTrue()) {
          a70.intoArray(lanes, 0);
          offerLanes(q0 + 7, itemBase + 0 * L, L);
        }
        if (a71.compare(VectorOperators.GT, floor[q0 + 7]).anyTrue()) {
          a71.intoArray(lanes, 0);
          offerLanes(q0 + 7, itemBase + 1 * L, L);
        }
      } else {
        a00.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 0, itemBase + 0 * L);
        a01.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 0, itemBase + 1 * L);
        a10.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 1, itemBase + 0 * L);
        a11.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 1, itemBase + 1 * L);
        a20.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 2, itemBase + 0 * L);
        a21.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 2, itemBase + 1 * L);
        a30.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 3, itemBase + 0 * L);
        a31.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 3, itemBase + 1 * L);
        a40.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 4, itemBase + 0 * L);
        a41.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 4, itemBase + 1 * L);
        a50.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 5, itemBase + 0 * L);
        a51.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 5, itemBase + 1 * L);
        a60.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 6, itemBase + 0 * L);
        a61.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 6, itemBase + 1 * L);
        a70.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 7, itemBase + 0 * L);
        a71.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 7, itemBase + 1 * L);
      }
    }

    void tileL2(int panel, int group) {
      final float[] g = packed;
      final float[] qp = queryPack;
      final int d = dimension;
      final int gb = panel * d * PANEL;
      final int qb = group * d * QG;
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
      for (int j = 0; j < d; j++) {
        final int go = gb + j * PANEL;
        final int qo = qb + j * QG;
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
      final int itemBase = panel * PANEL;
      final int q0 = group * QG;
      final float[] floor = heaps.floor;
      a00 = a00.neg();
      a01 = a01.neg();
      a10 = a10.neg();
      a11 = a11.neg();
      a20 = a20.neg();
      a21 = a21.neg();
      a30 = a30.neg();
      a31 = a31.neg();
      a40 = a40.neg();
      a41 = a41.neg();
      a50 = a50.neg();
      a51 = a51.neg();
      a60 = a60.neg();
      a61 = a61.neg();
      a70 = a70.neg();
      a71 = a71.neg();
      if (itemBase + PANEL <= size) {
        float th0 = thresholdKeys[q0 + 0];
        counts[q0 + 0] += a00.compare(VectorOperators.GE, th0).trueCount()
            + a01.compare(VectorOperators.GE, th0).trueCount();
        if (a00.compare(VectorOperators.GT, floor[q0 + 0]).anyTrue()) {
          a00.intoArray(lanes, 0);
          offerLanes(q0 + 0, itemBase + 0 * L, L);
        }
        if (a01.compare(VectorOperators.GT, floor[q0 + 0]).anyTrue()) {
          a01.intoArray(lanes, 0);
          offerLanes(q0 + 0, itemBase + 1 * L, L);
        }
        float th1 = thresholdKeys[q0 + 1];
        counts[q0 + 1] += a10.compare(VectorOperators.GE, th1).trueCount()
            + a11.compare(VectorOperators.GE, th1).trueCount();
        if (a10.compare(VectorOperators.GT, floor[q0 + 1]).anyTrue()) {
          a10.intoArray(lanes, 0);
          offerLanes(q0 + 1, itemBase + 0 * L, L);
        }
        if (a11.compare(VectorOperators.GT, floor[q0 + 1]).anyTrue()) {
          a11.intoArray(lanes, 0);
          offerLanes(q0 + 1, itemBase + 1 * L, L);
        }
        float th2 = thresholdKeys[q0 + 2];
        counts[q0 + 2] += a20.compare(VectorOperators.GE, th2).trueCount()
            + a21.compare(VectorOperators.GE, th2).trueCount();
        if (a20.compare(VectorOperators.GT, floor[q0 + 2]).anyTrue()) {
          a20.intoArray(lanes, 0);
          offerLanes(q0 + 2, itemBase + 0 * L, L);
        }
        if (a21.compare(VectorOperators.GT, floor[q0 + 2]).anyTrue()) {
          a21.intoArray(lanes, 0);
          offerLanes(q0 + 2, itemBase + 1 * L, L);
        }
        float th3 = thresholdKeys[q0 + 3];
        counts[q0 + 3] += a30.compare(VectorOperators.GE, th3).trueCount()
            + a31.compare(VectorOperators.GE, th3).trueCount();
        if (a30.compare(VectorOperators.GT, floor[q0 + 3]).anyTrue()) {
          a30.intoArray(lanes, 0);
          offerLanes(q0 + 3, itemBase + 0 * L, L);
        }
        if (a31.compare(VectorOperators.GT, floor[q0 + 3]).anyTrue()) {
          a31.intoArray(lanes, 0);
          offerLanes(q0 + 3, itemBase + 1 * L, L);
        }
        float th4 = thresholdKeys[q0 + 4];
        counts[q0 + 4] += a40.compare(VectorOperators.GE, th4).trueCount()
            + a41.compare(VectorOperators.GE, th4).trueCount();
        if (a40.compare(VectorOperators.GT, floor[q0 + 4]).anyTrue()) {
          a40.intoArray(lanes, 0);
          offerLanes(q0 + 4, itemBase + 0 * L, L);
        }
        if (a41.compare(VectorOperators.GT, floor[q0 + 4]).anyTrue()) {
          a41.intoArray(lanes, 0);
          offerLanes(q0 + 4, itemBase + 1 * L, L);
        }
        float th5 = thresholdKeys[q0 + 5];
        counts[q0 + 5] += a50.compare(VectorOperators.GE, th5).trueCount()
            + a51.compare(VectorOperators.GE, th5).trueCount();
        if (a50.compare(VectorOperators.GT, floor[q0 + 5]).anyTrue()) {
          a50.intoArray(lanes, 0);
          offerLanes(q0 + 5, itemBase + 0 * L, L);
        }
        if (a51.compare(VectorOperators.GT, floor[q0 + 5]).anyTrue()) {
          a51.intoArray(lanes, 0);
          offerLanes(q0 + 5, itemBase + 1 * L, L);
        }
        float th6 = thresholdKeys[q0 + 6];
        counts[q0 + 6] += a60.compare(VectorOperators.GE, th6).trueCount()
            + a61.compare(VectorOperators.GE, th6).trueCount();
        if (a60.compare(VectorOperators.GT, floor[q0 + 6]).anyTrue()) {
          a60.intoArray(lanes, 0);
          offerLanes(q0 + 6, itemBase + 0 * L, L);
        }
        if (a61.compare(VectorOperators.GT, floor[q0 + 6]).anyTrue()) {
          a61.intoArray(lanes, 0);
          offerLanes(q0 + 6, itemBase + 1 * L, L);
        }
        float th7 = thresholdKeys[q0 + 7];
        counts[q0 + 7] += a70.compare(VectorOperators.GE, th7).trueCount()
            + a71.compare(VectorOperators.GE, th7).trueCount();
        if (a70.compare(VectorOperators.GT, floor[q0 + 7]).anyTrue()) {
          a70.intoArray(lanes, 0);
          offerLanes(q0 + 7, itemBase + 0 * L, L);
        }
        if (a71.compare(VectorOperators.GT, floor[q0 + 7]).anyTrue()) {
          a71.intoArray(lanes, 0);
          offerLanes(q0 + 7, itemBase + 1 * L, L);
        }
      } else {
        a00.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 0, itemBase + 0 * L);
        a01.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 0, itemBase + 1 * L);
        a10.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 1, itemBase + 0 * L);
        a11.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 1, itemBase + 1 * L);
        a20.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 2, itemBase + 0 * L);
        a21.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 2, itemBase + 1 * L);
        a30.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 3, itemBase + 0 * L);
        a31.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 3, itemBase + 1 * L);
        a40.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 4, itemBase + 0 * L);
        a41.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 4, itemBase + 1 * L);
        a50.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 5, itemBase + 0 * L);
        a51.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 5, itemBase + 1 * L);
        a60.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 6, itemBase + 0 * L);
        a61.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 6, itemBase + 1 * L);
        a70.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 7, itemBase + 0 * L);
        a71.intoArray(lanes, 0);
        countAndOfferLanes(q0 + 7, itemBase + 1 * L);
      }
    }

    /** Offers the first {@code limit} keys in {@code lanes} (local items from {@code itemBase}) to query q. */
    private void offerLanes(int q, int itemBase, int limit) {
      float[] floor = heaps.floor;
      int global = firstIndex + itemBase;
      for (int lane = 0; lane < limit; lane++) {
        if (lanes[lane] > floor[q]) {
          heaps.offer(q, global + lane, lanes[lane]);
        }
      }
    }

    /** Counts and offers the keys in {@code lanes} that belong to real items (the shard's last panel). */
    private void countAndOfferLanes(int q, int itemBase) {
      int limit = Math.min(L, size - itemBase);
      for (int lane = 0; lane < limit; lane++) {
        if (lanes[lane] >= thresholdKeys[q]) {
          counts[q]++;
        }
      }
      if (limit > 0) {
        offerLanes(q, itemBase, limit);
      }
    }
  }
}
