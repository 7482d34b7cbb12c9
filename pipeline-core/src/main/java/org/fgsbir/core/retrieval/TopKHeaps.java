package org.fgsbir.core.retrieval;

import java.util.Arrays;

/**
 * One bounded min-heap per query, keyed so that higher is closer (see {@link Similarity#key}); the root is
 * the worst kept item (lowest key, then highest index). {@link #floor} is the root's key once a heap is
 * full and minus infinity before, so a kernel that offers items in ascending index order can skip every
 * item whose key is not strictly above it.
 */
final class TopKHeaps {
  final int capacity;
  final int[] index;
  final float[] key;
  final int[] size;
  /** Per query: the key an item must beat to enter (items offered in ascending index order). */
  final float[] floor;

  TopKHeaps(int queries, int capacity) {
    this.capacity = capacity;
    this.index = new int[queries * capacity];
    this.key = new float[queries * capacity];
    this.size = new int[queries];
    this.floor = new float[queries];
    Arrays.fill(floor, capacity == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY);
  }

  /** True when item (ia, ka) ranks below item (ib, kb): lower key, or equal key and higher index. */
  static boolean isWorse(int ia, float ka, int ib, float kb) {
    return ka < kb || (ka == kb && ia > ib);
  }

  /** Offers item {@code i} with key {@code k} to query {@code q}'s heap (any order of offers is fine). */
  void offer(int q, int i, float k) {
    int base = q * capacity;
    int n = size[q];
    if (n < capacity) {
      siftUp(base, n, i, k);
      size[q] = ++n;
      if (n == capacity) {
        floor[q] = key[base];
      }
    } else if (capacity > 0 && isWorse(index[base], key[base], i, k)) {
      siftDown(base, n, i, k);
      floor[q] = key[base];
    }
  }

  private void siftUp(int base, int pos, int i, float k) {
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!isWorse(i, k, index[base + parent], key[base + parent])) {
        break;
      }
      index[base + pos] = index[base + parent];
      key[base + pos] = key[base + parent];
      pos = parent;
    }
    index[base + pos] = i;
    key[base + pos] = k;
  }

  /** Places (i, k) at the root of a heap of {@code n} items and restores the heap order. */
  private void siftDown(int base, int n, int i, float k) {
    int pos = 0;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= n) {
        break;
      }
      int right = child + 1;
      if (right < n && isWorse(index[base + right], key[base + right], index[base + child], key[base + child])) {
        child = right;
      }
      if (!isWorse(index[base + child], key[base + child], i, k)) {
        break;
      }
      index[base + pos] = index[base + child];
      key[base + pos] = key[base + child];
      pos = child;
    }
    index[base + pos] = i;
    key[base + pos] = k;
  }

  /** Empties the first {@code queries} heaps into best-first lists and wraps them with the counts. */
  BlockScores toBlockScores(Similarity similarity, int k, int[] counts, int queries) {
    if (counts.length != queries) {
      counts = Arrays.copyOf(counts, queries);
    }
    int[] topIndex = new int[queries * capacity];
    float[] topScore = new float[queries * capacity];
    int[] topSize = new int[queries];
    for (int q = 0; q < queries; q++) {
      int base = q * capacity;
      int n = size[q];
      topSize[q] = n;
      // Pop the worst item into the last free slot: the heap's slots end up best-first.
      for (int m = n; m > 1; m--) {
        int worstIndex = index[base];
        float worstKey = key[base];
        siftDown(base, m - 1, index[base + m - 1], key[base + m - 1]);
        index[base + m - 1] = worstIndex;
        key[base + m - 1] = worstKey;
      }
      for (int r = 0; r < n; r++) {
        topIndex[base + r] = index[base + r];
        topScore[base + r] = similarity.scoreOfKey(key[base + r]);
      }
    }
    return new BlockScores(similarity, queries, k, capacity, counts, topIndex, topScore, topSize);
  }
}
