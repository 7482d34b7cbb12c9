package org.fgsbir.core.retrieval;

import java.util.Objects;

/** Argument checks every kernel shares, with messages that say what is wrong and how to fix it. */
final class KernelChecks {
  private KernelChecks() {}

  static int checkShard(float[] vectors, int dimension, int firstIndex) {
    Objects.requireNonNull(vectors, "vectors");
    if (dimension < 1) {
      throw new IllegalArgumentException("Cannot prepare shard: dimension must be >= 1 but was " + dimension);
    }
    if (vectors.length == 0 || vectors.length % dimension != 0) {
      throw new IllegalArgumentException("Cannot prepare shard: " + vectors.length
          + " values are not a non-empty whole number of vectors of dimension " + dimension
          + "; pass the shard's vectors row-major");
    }
    if (firstIndex < 0) {
      throw new IllegalArgumentException("Cannot prepare shard: first index must be >= 0 but was " + firstIndex);
    }
    checkFinite(vectors, dimension, "gallery item", firstIndex);
    return vectors.length / dimension;
  }

  static int checkQueries(ScoringKernel kernel, ScoringKernel.PreparedShard shard, float[] queries,
      float[] thresholds, int k, Similarity similarity) {
    Objects.requireNonNull(shard, "shard");
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(thresholds, "thresholds");
    Objects.requireNonNull(similarity, "similarity");
    if (!kernel.name().equals(shard.kernelName())) {
      throw new IllegalArgumentException("Cannot score: the shard was prepared by kernel " + shard.kernelName()
          + " but this is " + kernel.name() + "; prepare shards with the kernel that scores them");
    }
    int d = shard.dimension();
    if (queries.length % d != 0) {
      throw new IllegalArgumentException("Cannot score: " + queries.length
          + " query values are not a whole number of vectors of the shard's dimension " + d
          + "; embed sketches and photos with the same model");
    }
    int n = queries.length / d;
    if (thresholds.length != n) {
      throw new IllegalArgumentException("Cannot score: " + n + " queries but " + thresholds.length
          + " thresholds; pass one threshold (the true item's score) per query");
    }
    if (k < 0) {
      throw new IllegalArgumentException("Cannot score: k must be >= 0 but was " + k);
    }
    checkFinite(queries, d, "query", 0);
    return n;
  }

  private static void checkFinite(float[] values, int d, String what, int firstIndex) {
    for (int i = 0; i < values.length; i++) {
      if (!Float.isFinite(values[i])) {
        throw new IllegalArgumentException("Cannot score: " + what + " " + (firstIndex + i / d)
            + " has non-finite value " + values[i] + " at component " + (i % d) + "; check the embedder's output");
      }
    }
  }
}
