package org.fgsbir.core.retrieval;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * What one query found in part of its gallery (one or more disjoint shards): the number of items scored,
 * the number at least as close as its true item (its threshold) and its best {@code k} items by id,
 * closest first, ties by ascending id ({@link String#compareTo}). {@link #merge} combines the parts of
 * disjoint shards (counts add up, top lists merge), so merging every shard of a gallery, in any order and
 * grouping, gives the exact rank ({@link #rank}) and top list of a single pass over the gallery in id order.
 * A shard must therefore be scored with its items in id order (the kernel breaks ties by index).
 *
 * <p>A plain immutable class (no record) so that Spark can shuffle it with Kryo as well as Java
 * serialisation.
 */
public final class PartialResult implements Serializable {
  private static final long serialVersionUID = 2L;

  private final Similarity similarity;
  private final int k;
  private final long itemsScored;
  private final long countAtLeastAsClose;
  private final String[] topIds;
  private final float[] topScores;

  private PartialResult(Similarity similarity, int k, long itemsScored, long countAtLeastAsClose, String[] topIds,
      float[] topScores) {
    this.similarity = similarity;
    this.k = k;
    this.itemsScored = itemsScored;
    this.countAtLeastAsClose = countAtLeastAsClose;
    this.topIds = topIds;
    this.topScores = topScores;
  }

  /**
   * Query {@code q}'s part of a kernel's block result.
   *
   * @param scores a block scored against one shard whose items were in id order
   * @param q the query's position in the block
   * @param itemsScored how many gallery items {@code scores} covers (the shard's size)
   * @param idOf the id of a gallery item, by the index the kernel reports
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
    return new PartialResult(scores.similarity(), scores.k(), itemsScored, scores.countAtLeastAsClose(q), ids,
        scores.topScores(q));
  }

  /** The part of a shard that holds no items (nothing scored, nothing at least as close). */
  public static PartialResult empty(Similarity similarity, int k) {
    Objects.requireNonNull(similarity, "similarity");
    if (k < 0) {
      throw new IllegalArgumentException("k must be >= 0 but was " + k);
    }
    return new PartialResult(similarity, k, 0, 0, new String[0], new float[0]);
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

  /** The ids of the best items so far, closest first (a copy). */
  public String[] topIds() {
    return topIds.clone();
  }

  /** Their scores (squared distances for L2), parallel to {@link #topIds} (a copy). */
  public float[] topScores() {
    return topScores.clone();
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
   * counts at least as close add up; top lists merge (closest first, ties by ascending id), cut to k.
   *
   * @throws IllegalArgumentException if the two differ in similarity or k
   */
  public PartialResult merge(PartialResult other) {
    Objects.requireNonNull(other, "other");
    if (similarity != other.similarity || k != other.k) {
      throw new IllegalArgumentException("Cannot merge partial results " + this + " and " + other
          + ": they differ in similarity or k; score every shard with the same options");
    }
    int n = Math.min(k, topIds.length + other.topIds.length);
    String[] ids = new String[n];
    float[] score = new float[n];
    int a = 0;
    int b = 0;
    for (int m = 0; m < n; m++) {
      boolean takeA;
      if (a == topIds.length) {
        takeA = false;
      } else if (b == other.topIds.length) {
        takeA = true;
      } else {
        float ka = similarity.key(topScores[a]);
        float kb = similarity.key(other.topScores[b]);
        takeA = ka > kb || (ka == kb && topIds[a].compareTo(other.topIds[b]) <= 0);
      }
      if (takeA) {
        ids[m] = topIds[a];
        score[m] = topScores[a++];
      } else {
        ids[m] = other.topIds[b];
        score[m] = other.topScores[b++];
      }
    }
    return new PartialResult(similarity, k, Math.addExact(itemsScored, other.itemsScored),
        Math.addExact(countAtLeastAsClose, other.countAtLeastAsClose), ids, score);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PartialResult p && similarity == p.similarity && k == p.k && itemsScored == p.itemsScored
        && countAtLeastAsClose == p.countAtLeastAsClose && Arrays.equals(topIds, p.topIds)
        && Arrays.equals(topScores, p.topScores);
  }

  @Override
  public int hashCode() {
    return Objects.hash(similarity, k, itemsScored, countAtLeastAsClose, Arrays.hashCode(topIds),
        Arrays.hashCode(topScores));
  }

  @Override
  public String toString() {
    return "PartialResult[" + similarity + ", k=" + k + ", scored=" + itemsScored + ", atLeastAsClose="
        + countAtLeastAsClose + ", top=" + Arrays.toString(topIds) + "]";
  }
}
