package org.fgsbir.core.retrieval;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What one query found in part of its gallery (one or more disjoint shards): the number of items scored,
 * the number at least as close as its true item (its threshold) and its best {@code k} items with their
 * ids, closest first, ties by ascending gallery index. {@link #merge} combines the parts of disjoint shards
 * (counts add up, top lists merge), so merging every shard of a gallery, in any order and grouping, gives
 * the exact rank ({@link #rank}) and top list of a single pass.
 *
 * <p>A plain immutable class (no record) so that Spark can shuffle it with Kryo as well as Java
 * serialisation.
 */
public final class PartialResult implements Serializable {
  private static final long serialVersionUID = 1L;

  private final Similarity similarity;
  private final int k;
  private final long itemsScored;
  private final long countAtLeastAsClose;
  private final int[] topIndices;
  private final float[] topScores;
  private final String[] topIds;

  private PartialResult(Similarity similarity, int k, long itemsScored, long countAtLeastAsClose,
      int[] topIndices, float[] topScores, String[] topIds) {
    this.similarity = similarity;
    this.k = k;
    this.itemsScored = itemsScored;
    this.countAtLeastAsClose = countAtLeastAsClose;
    this.topIndices = topIndices;
    this.topScores = topScores;
    this.topIds = topIds;
  }

  /**
   * Query {@code q}'s part of a kernel's block result.
   *
   * @param scores a block scored against one shard (or merged shards)
   * @param q the query's position in the block
   * @param itemsScored how many gallery items {@code scores} covers (the shard's size)
   * @param idOf the id of a gallery item, by global gallery index
   * @throws IndexOutOfBoundsException if {@code q} is outside the block
   */
  public static PartialResult of(BlockScores scores, int q, long itemsScored, IntFunction<String> idOf) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(idOf, "idOf");
    int[] indices = scores.topIndices(q);
    String[] ids = new String[indices.length];
    for (int i = 0; i < indices.length; i++) {
      ids[i] = Objects.requireNonNull(idOf.apply(indices[i]), "id of gallery item");
    }
    return new PartialResult(scores.similarity(), scores.k(), itemsScored, scores.countAtLeastAsClose(q), indices,
        scores.topScores(q), ids);
  }

  /** The similarity the scores are in. */
  public Similarity similarity() {
    return similarity;
  }

  /** The top-list size asked for. */
  public int k() {
    return k;
  }

  /** Gallery items scored so far (the sum of the merged shards' sizes). */
  public long itemsScored() {
    return itemsScored;
  }

  /** Items scored so far that are at least as close as the true item (the partial rank). */
  public long countAtLeastAsClose() {
    return countAtLeastAsClose;
  }

  /** Global gallery indices of the best items so far, closest first (a copy). */
  public int[] topIndices() {
    return topIndices.clone();
  }

  /** Their scores (squared distances for L2), parallel to {@link #topIndices} (a copy). */
  public float[] topScores() {
    return topScores.clone();
  }

  /** Their ids, parallel to {@link #topIndices} (a copy). */
  public String[] topIds() {
    return topIds.clone();
  }

  /**
   * The exact rank of the true item once every shard is merged in: the count of items at least as close.
   *
   * @throws IllegalStateException if no scored item reached the threshold (the true item's shard was not
   *     merged in) or the count exceeds {@code Integer.MAX_VALUE}
   */
  public int rank() {
    if (countAtLeastAsClose < 1) {
      throw new IllegalStateException("Cannot rank: no scored item is as close as the true item; merge the"
          + " shard that holds the true item, and compute the threshold with Similarity.score on the true vector");
    }
    return Math.toIntExact(countAtLeastAsClose);
  }

  /**
   * Combines the results of the same query against two disjoint parts of its gallery: item counts and
   * counts at least as close add up; top lists merge (closest first, ties by ascending index), cut to k.
   *
   * @throws IllegalArgumentException if the two differ in similarity or k
   */
  public PartialResult merge(PartialResult other) {
    Objects.requireNonNull(other, "other");
    if (similarity != other.similarity || k != other.k) {
      throw new IllegalArgumentException("Cannot merge partial results " + this + " and " + other
          + ": they differ in similarity or k; score every shard with the same options");
    }
    int n = Math.min(k, topIndices.length + other.topIndices.length);
    int[] idx = new int[n];
    float[] score = new float[n];
    String[] ids = new String[n];
    int a = 0;
    int b = 0;
    for (int m = 0; m < n; m++) {
      boolean takeA;
      if (a == topIndices.length) {
        takeA = false;
      } else if (b == other.topIndices.length) {
        takeA = true;
      } else {
        takeA = !TopKHeaps.isWorse(topIndices[a], similarity.key(topScores[a]), other.topIndices[b],
            similarity.key(other.topScores[b]));
      }
      if (takeA) {
        idx[m] = topIndices[a];
        score[m] = topScores[a];
        ids[m] = topIds[a++];
      } else {
        idx[m] = other.topIndices[b];
        score[m] = other.topScores[b];
        ids[m] = other.topIds[b++];
      }
    }
    return new PartialResult(similarity, k, Math.addExact(itemsScored, other.itemsScored),
        Math.addExact(countAtLeastAsClose, other.countAtLeastAsClose), idx, score, ids);
  }

  /** The final result: {@link #rank} and the top list (by global gallery index). */
  public RetrievalResult toResult() {
    return new RetrievalResult(rank(), topIndices.clone(), topScores.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialResult p && similarity == p.similarity && k == p.k && itemsScored == p.itemsScored
        && countAtLeastAsClose == p.countAtLeastAsClose && Arrays.equals(topIndices, p.topIndices)
        && Arrays.equals(topScores, p.topScores) && Arrays.equals(topIds, p.topIds);
  }

  @Override
  public int hashCode() {
    return Objects.hash(similarity, k, itemsScored, countAtLeastAsClose, Arrays.hashCode(topIndices),
        Arrays.hashCode(topScores), Arrays.hashCode(topIds));
  }

  @Override
  public String toString() {
    return "PartialResult[" + similarity + ", k=" + k + ", scored=" + itemsScored + ", atLeastAsClose="
        + countAtLeastAsClose + ", top=" + Arrays.toString(topIds) + "]";
  }
}
