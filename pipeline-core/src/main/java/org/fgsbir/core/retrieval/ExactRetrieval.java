package org.fgsbir.core.retrieval;

import java.util.Objects;

/**
 * Exact (brute-force) retrieval: one pass over the gallery computes every dot product, keeps the best
 * {@code k} items in a bounded min-heap and counts the items scoring at least as high as the true item.
 * Allocates only the result arrays.
 *
 * <p>Definitions (the metrics depend on them): {@code rank} = number of gallery items whose score is
 * {@code >=} the true item's score, the true item included, so ties count against the query and
 * {@code rank >= 1}; the top list is ordered by score descending, then gallery index ascending; asking for
 * more than the gallery holds returns the whole gallery.
 */
public final class ExactRetrieval {
  private ExactRetrieval() {}

  /**
   * Scores {@code query} against every gallery item.
   *
   * @param query an L2-normalised query vector of the gallery's dimension, finite values
   * @param gallery the gallery
   * @param trueIndex gallery index of the item the query depicts
   * @param k how many best items to return ({@code >= 0}); values above the gallery size return all
   * @return the rank of the true item and the top {@code min(k, size)} items
   * @throws IllegalArgumentException if the query's dimension differs from the gallery's, it holds a
   *     non-finite value, {@code trueIndex} is outside the gallery or {@code k} is negative
   */
  public static RetrievalResult search(float[] query, Gallery gallery, int trueIndex, int k) {
    Objects.requireNonNull(gallery, "gallery");
    return searchChecked(query, gallery, trueIndex, k, "query");
  }

  /**
   * Runs {@link #search} for each query in turn.
   *
   * @param queries query vectors
   * @param gallery the gallery
   * @param trueIndices the true gallery index of each query, parallel to {@code queries}
   * @param k how many best items to return per query
   * @return one result per query, in query order
   * @throws IllegalArgumentException as {@link #search} does (the message names the query's position),
   *     or if the arrays differ in length
   */
  public static RetrievalResult[] searchAll(float[][] queries, Gallery gallery, int[] trueIndices, int k) {
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(trueIndices, "trueIndices");
    Objects.requireNonNull(gallery, "gallery");
    if (queries.length != trueIndices.length) {
      throw new IllegalArgumentException("Cannot search: " + queries.length + " queries but "
          + trueIndices.length + " true indices; pass one true index per query");
    }
    RetrievalResult[] results = new RetrievalResult[queries.length];
    for (int q = 0; q < queries.length; q++) {
      results[q] = searchChecked(queries[q], gallery, trueIndices[q], k, "query " + q);
    }
    return results;
  }

  private static RetrievalResult searchChecked(
      float[] query, Gallery gallery, int trueIndex, int k, String what) {
    gallery.requireDimension(query, what);
    for (int j = 0; j < query.length; j++) {
      if (!Float.isFinite(query[j])) {
        throw new IllegalArgumentException("Cannot search: " + what + " has non-finite value " + query[j]
            + " at component " + j + "; check the embedder's output");
      }
    }
    int n = gallery.size();
    if (trueIndex < 0 || trueIndex >= n) {
      throw new IllegalArgumentException("Cannot search: " + what + " has true index " + trueIndex
          + " outside the gallery 0.." + (n - 1) + "; its photo is missing from the gallery");
    }
    if (k < 0) {
      throw new IllegalArgumentException("Cannot search: k must be >= 0 but was " + k);
    }
    int d = gallery.dimension();
    float trueScore = gallery.dotAt(trueIndex * d, query);
    int capacity = Math.min(k, n);
    // Min-heap of the best items so far; root = worst kept (lowest score, then highest index).
    int[] heapIndex = new int[capacity];
    float[] heapScore = new float[capacity];
    int heapSize = 0;
    int rank = 0;
    for (int i = 0, offset = 0; i < n; i++, offset += d) {
      float s = gallery.dotAt(offset, query);
      if (s >= trueScore) {
        rank++;
      }
      if (heapSize < capacity) {
        siftUp(heapIndex, heapScore, heapSize++, i, s);
      } else if (capacity > 0 && s > heapScore[0]) {
        // Items come in ascending index order, so an equal score never beats the root.
        siftDown(heapIndex, heapScore, heapSize, i, s);
      }
    }
    // Pop the worst item into the last free slot: the arrays end up best-first.
    for (int size = heapSize; size > 1; size--) {
      int worstIndex = heapIndex[0];
      float worstScore = heapScore[0];
      siftDown(heapIndex, heapScore, size - 1, heapIndex[size - 1], heapScore[size - 1]);
      heapIndex[size - 1] = worstIndex;
      heapScore[size - 1] = worstScore;
    }
    return new RetrievalResult(rank, heapIndex, heapScore);
  }

  /** True when item (ia, sa) ranks below item (ib, sb): lower score, or equal score and higher index. */
  private static boolean isWorse(int ia, float sa, int ib, float sb) {
    return sa < sb || (sa == sb && ia > ib);
  }

  private static void siftUp(int[] idx, float[] score, int pos, int i, float s) {
    while (pos > 0) {
      int parent = (pos - 1) >>> 1;
      if (!isWorse(i, s, idx[parent], score[parent])) {
        break;
      }
      idx[pos] = idx[parent];
      score[pos] = score[parent];
      pos = parent;
    }
    idx[pos] = i;
    score[pos] = s;
  }

  /** Places (i, s) at the root of a heap of {@code size} items and restores the heap order. */
  private static void siftDown(int[] idx, float[] score, int size, int i, float s) {
    int pos = 0;
    while (true) {
      int child = 2 * pos + 1;
      if (child >= size) {
        break;
      }
      int right = child + 1;
      if (right < size && isWorse(idx[right], score[right], idx[child], score[child])) {
        child = right;
      }
      if (!isWorse(idx[child], score[child], i, s)) {
        break;
      }
      idx[pos] = idx[child];
      score[pos] = score[child];
      pos = child;
    }
    idx[pos] = i;
    score[pos] = s;
  }
}
