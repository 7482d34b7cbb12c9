package org.fgsbir.core.retrieval;

import java.util.Arrays;
import java.util.Objects;

/**
 * The outcome of one query: the rank of the true item and the best {@code k} items. The arrays are
 * owned by the result; callers must not modify them.
 *
 * @param rank number of gallery items scoring at least as high as the true item (ties count against the
 *     query), so 1 is a perfect retrieval
 * @param topIndices gallery indices of the best items, by score descending, then index ascending
 * @param topScores their scores, parallel to {@code topIndices}
 */
public record RetrievalResult(int rank, int[] topIndices, float[] topScores) {

  /** Validates the values. */
  public RetrievalResult {
    Objects.requireNonNull(topIndices, "topIndices");
    Objects.requireNonNull(topScores, "topScores");
    if (rank < 1) {
      throw new IllegalArgumentException("rank must be >= 1 but was " + rank);
    }
    if (topIndices.length != topScores.length) {
      throw new IllegalArgumentException("top-k has " + topIndices.length + " indices but "
          + topScores.length + " scores");
    }
  }

  /** Number of items in the top list. */
  public int topCount() {
    return topIndices.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetrievalResult r && rank == r.rank && Arrays.equals(topIndices, r.topIndices)
        && Arrays.equals(topScores, r.topScores);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * rank + Arrays.hashCode(topIndices)) + Arrays.hashCode(topScores);
  }

  @Override
  public String toString() {
    return "RetrievalResult[rank=" + rank + ", topIndices=" + Arrays.toString(topIndices) + ", topScores="
        + Arrays.toString(topScores) + "]";
  }
}
