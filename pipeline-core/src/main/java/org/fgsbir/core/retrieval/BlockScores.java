package org.fgsbir.core.retrieval;

import java.util.Arrays;
import java.util.Objects;

/**
 * What scoring a block of queries against one gallery shard (or, after {@link #merge}, several shards)
 * found: per query, the number of items at least as close as the query's threshold (the true item's
 * canonical score) and the best {@code k} items, closest first, ties by ascending gallery index. Merging
 * the results of disjoint shards that together hold the whole gallery gives the exact global rank
 * ({@link #result}) with no second pass. Immutable.
 */
public final class BlockScores {
  private final Similarity similarity;
  private final int queryCount;
  private final int k;
  private final int stride;
  private final int[] counts;
  private final int[] topIndex;
  private final float[] topScore;
  private final int[] topSize;

  BlockScores(Similarity similarity, int queryCount, int k, int stride, int[] counts, int[] topIndex,
      float[] topScore, int[] topSize) {
    this.similarity = similarity;
    this.queryCount = queryCount;
    this.k = k;
    this.stride = stride;
    this.counts = counts;
    this.topIndex = topIndex;
    this.topScore = topScore;
    this.topSize = topSize;
  }

  /** The similarity the scores are in. */
  public Similarity similarity() {
    return similarity;
  }

  /** Number of queries in the block. */
  public int queryCount() {
    return queryCount;
  }

  /** The top-list size asked for (lists are shorter when the scored items are fewer). */
  public int k() {
    return k;
  }

  /**
   * Number of scored items at least as close to query {@code q} as its threshold: score {@code >=} the
   * threshold for cosine, {@code <=} for L2.
   */
  public int countAtLeastAsClose(int q) {
    return counts[Objects.checkIndex(q, queryCount)];
  }

  /** Gallery indices of query {@code q}'s best items, closest first (a copy). */
  public int[] topIndices(int q) {
    int base = Objects.checkIndex(q, queryCount) * stride;
    return Arrays.copyOfRange(topIndex, base, base + topSize[q]);
  }

  /** The scores of {@link #topIndices}, parallel to it (a copy). */
  public float[] topScores(int q) {
    int base = Objects.checkIndex(q, queryCount) * stride;
    return Arrays.copyOfRange(topScore, base, base + topSize[q]);
  }

  /**
   * Query {@code q}'s retrieval result: rank = {@link #countAtLeastAsClose} (ties count against the query)
   * and the top list.
   *
   * @throws IllegalStateException if no scored item reached the threshold, i.e. the shard holding the true
   *     item was not merged in or the threshold was not computed with {@link Similarity#score}
   */
  public RetrievalResult result(int q) {
    int count = countAtLeastAsClose(q);
    if (count < 1) {
      throw new IllegalStateException("Cannot rank query " + q + ": no scored item is as close as its true item"
          + " (threshold); merge the shard that holds the true item, and compute the threshold with"
          + " Similarity.score on the true vector");
    }
    return new RetrievalResult(count, topIndices(q), topScores(q));
  }

  /** {@link #result} for every query, in query order. */
  public RetrievalResult[] results() {
    RetrievalResult[] out = new RetrievalResult[queryCount];
    for (int q = 0; q < queryCount; q++) {
      out[q] = result(q);
    }
    return out;
  }

  /**
   * Combines the results of the same queries against two disjoint shards: counts add up, top lists merge
   * (closest first, ties by ascending index) and are cut to {@code k}.
   *
   * @throws IllegalArgumentException if the two differ in similarity, query count or {@code k}
   */
  public static BlockScores merge(BlockScores a, BlockScores b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.similarity != b.similarity || a.queryCount != b.queryCount || a.k != b.k) {
      throw new IllegalArgumentException("Cannot merge shard results: " + a + " and " + b
          + " differ in similarity, query count or k; score every shard with the same queries and options");
    }
    int n = a.queryCount;
    int stride = Math.min(a.k, a.stride + b.stride);
    int[] counts = new int[n];
    int[] topIndex = new int[n * stride];
    float[] topScore = new float[n * stride];
    int[] topSize = new int[n];
    Similarity sim = a.similarity;
    for (int q = 0; q < n; q++) {
      counts[q] = Math.addExact(a.counts[q], b.counts[q]);
      int ia = q * a.stride;
      int ea = ia + a.topSize[q];
      int ib = q * b.stride;
      int eb = ib + b.topSize[q];
      int out = q * stride;
      int m = 0;
      while (m < stride && (ia < ea || ib < eb)) {
        boolean takeA;
        if (ia == ea) {
          takeA = false;
        } else if (ib == eb) {
          takeA = true;
        } else {
          takeA = !TopKHeaps.isWorse(a.topIndex[ia], sim.key(a.topScore[ia]), b.topIndex[ib], sim.key(b.topScore[ib]));
        }
        if (takeA) {
          topIndex[out + m] = a.topIndex[ia];
          topScore[out + m] = a.topScore[ia++];
        } else {
          topIndex[out + m] = b.topIndex[ib];
          topScore[out + m] = b.topScore[ib++];
        }
        m++;
      }
      topSize[q] = m;
    }
    return new BlockScores(sim, n, a.k, stride, counts, topIndex, topScore, topSize);
  }

  @Override
  public String toString() {
    return "BlockScores[similarity=" + similarity + ", queries=" + queryCount + ", k=" + k + "]";
  }
}
