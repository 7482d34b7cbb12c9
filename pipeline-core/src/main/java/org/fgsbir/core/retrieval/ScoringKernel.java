package org.fgsbir.core.retrieval;

/**
 * Scores a block of queries against a gallery shard in one blocked pass, keeping a bounded top list per
 * query and, in the same pass, counting the shard items at least as close as each query's threshold (its
 * true item's score), so the exact rank needs no second pass and no stored score lists. Scores follow
 * {@link Similarity}'s canonical arithmetic in every implementation, so results are identical across
 * kernels and shardings; {@link BlockScores#merge} combines shards.
 *
 * <p>Get one from {@link ScoringKernels#best()} (chosen at run time) or {@link ScoringKernels#named}.
 * Kernels are stateless and thread-safe; one {@link #score} call runs on the calling thread only (run
 * shards on several threads and merge to use more cores). Vectors must hold finite values small enough
 * that scores stay finite.
 */
public interface ScoringKernel {

  /** A short stable name: {@code vector-api}, {@code plain-java} or {@code netlib-blas}. */
  String name();

  /** The name plus how it runs here (vector width, BLAS library), for logs and reports. */
  String describe();

  /**
   * Packs a gallery shard for this kernel (once; reuse it for every query block).
   *
   * @param vectors the shard's items, row-major, {@code dimension} values each (copied)
   * @param dimension the vector length, at least 1
   * @param firstIndex the global gallery index of the shard's first item; results use global indices
   * @return the packed shard
   * @throws IllegalArgumentException if the shard is empty, its length is not a multiple of
   *     {@code dimension}, a value is not finite or {@code firstIndex} is negative
   */
  PreparedShard prepare(float[] vectors, int dimension, int firstIndex);

  /**
   * Scores every query against every item of {@code shard}.
   *
   * @param shard a shard this kernel prepared
   * @param queries the queries, row-major, the shard's dimension each
   * @param thresholds per query, the score an item must reach to count (usually the true item's score,
   *     from {@link Similarity#score} / {@link Similarity#scores}); pass them to every shard unchanged
   * @param k how many closest items to keep per query ({@code >= 0})
   * @param similarity cosine or L2
   * @return counts and top lists for this shard
   * @throws IllegalArgumentException if the shard comes from another kernel, the query values do not fit
   *     the dimension, a query value is not finite, there is not one threshold per query or {@code k < 0}
   */
  BlockScores score(PreparedShard shard, float[] queries, float[] thresholds, int k, Similarity similarity);

  /** A gallery shard packed by one kernel. */
  interface PreparedShard {
    /** Number of items. */
    int size();

    /** Vector length. */
    int dimension();

    /** Global gallery index of the first item. */
    int firstIndex();

    /** {@link ScoringKernel#name()} of the kernel that packed it. */
    String kernelName();
  }
}
