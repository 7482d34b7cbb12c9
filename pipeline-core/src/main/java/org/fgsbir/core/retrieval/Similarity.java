package org.fgsbir.core.retrieval;

import java.util.Locale;
import java.util.Objects;

/**
 * How close a query and a gallery item are, computed with one fixed arithmetic so that every
 * {@link ScoringKernel} produces bit-identical scores and ties are counted the same way everywhere.
 *
 * <p>The arithmetic (the <em>canonical</em> score): a single fused multiply-add chain over the components
 * in ascending order starting from {@code +0.0f}, i.e. {@code s = Math.fma(x_j, y_j, s)} for the dot
 * product and {@code s = Math.fma(x_j - y_j, x_j - y_j, s)} for the squared distance. Kernels that compute
 * scores another way (e.g. BLAS sgemm) recompute the canonical score wherever their own value could decide
 * a count or a top-list place.
 */
public enum Similarity {
  /**
   * Cosine similarity as the dot product of vectors the caller has L2-normalised (the embedders return
   * them so); higher is closer.
   */
  COSINE,
  /**
   * Squared Euclidean distance; lower is closer. It orders items as the Euclidean distance does (the
   * square root is monotone), and two items tie only when their squared distances are equal.
   */
  L2;

  /**
   * Parses {@code cosine} or {@code l2} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the accepted values if {@code name} is neither
   */
  public static Similarity parse(String name) {
    Objects.requireNonNull(name, "name");
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "cosine":
        return COSINE;
      case "l2":
        return L2;
      default:
        throw new IllegalArgumentException("Unknown similarity '" + name + "'; use cosine or l2");
    }
  }

  /** True when a higher score means closer (cosine); false when lower means closer (L2). */
  public boolean isHigherCloser() {
    return this == COSINE;
  }

  /**
   * The canonical score of {@code a} against {@code b} (see the type's description).
   *
   * @throws IllegalArgumentException if the lengths differ
   */
  public float score(float[] a, float[] b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "Cannot score: vectors of dimension " + a.length + " and " + b.length + "; embed both with the same model");
    }
    return scoreAt(a, 0, b, 0, a.length);
  }

  /**
   * The canonical score of {@code a[aOffset..+d)} against {@code b[bOffset..+d)} (rows of larger arrays);
   * no checks beyond Java's array bounds.
   */
  public float scoreAt(float[] a, int aOffset, float[] b, int bOffset, int d) {
    float s = 0f;
    if (this == COSINE) {
      for (int j = 0; j < d; j++) {
        s = Math.fma(a[aOffset + j], b[bOffset + j], s);
      }
    } else {
      for (int j = 0; j < d; j++) {
        float diff = a[aOffset + j] - b[bOffset + j];
        s = Math.fma(diff, diff, s);
      }
    }
    return s;
  }

  /**
   * The canonical score of each query (row-major, {@code dimension} values each) against the matching
   * true item: the thresholds {@link ScoringKernel#score} counts against.
   *
   * @param queries {@code queryCount x dimension} values, row-major
   * @param trueVectors the true item of each query, row-major like {@code queries}
   * @param dimension the vector length
   * @return one score per query
   * @throws IllegalArgumentException if the arrays' lengths are not a multiple of {@code dimension} or differ
   */
  public float[] scores(float[] queries, float[] trueVectors, int dimension) {
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(trueVectors, "trueVectors");
    if (dimension < 1 || queries.length % dimension != 0 || queries.length != trueVectors.length) {
      throw new IllegalArgumentException("Cannot score: " + queries.length + " query values and "
          + trueVectors.length + " true-item values do not form pairs of dimension " + dimension
          + "; pass one true vector per query, both row-major");
    }
    float[] out = new float[queries.length / dimension];
    for (int q = 0; q < out.length; q++) {
      out[q] = scoreAt(queries, q * dimension, trueVectors, q * dimension, dimension);
    }
    return out;
  }

  /** The score as a key where higher is always closer: the score itself, or its negation for L2 (exact). */
  float key(float score) {
    return this == COSINE ? score : -score;
  }

  /** The inverse of {@link #key}. */
  float scoreOfKey(float key) {
    return this == COSINE ? key : -key;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
