package org.fgsbir.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Per-query partial results of shards merge into the single-pass result, in any order. */
class PartialResultTest {

  @ParameterizedTest
  @EnumSource(Similarity.class)
  void shardsMergedInAnyOrderEqualOnePassOverTheWholeGallery(Similarity similarity) throws Exception {
    Random random = new Random(7);
    int n = 53;
    int d = 6;
    int k = 8;
    float[] g = new float[n * d];
    for (int i = 0; i < g.length; i++) {
      g[i] = (random.nextInt(3) - 1) / 2f; // few distinct values: many exact ties
    }
    int[] truth = {0, 17, 52, 30};
    float[] queries = new float[truth.length * d];
    float[] trueVectors = new float[truth.length * d];
    for (int q = 0; q < truth.length; q++) {
      System.arraycopy(g, truth[q] * d, trueVectors, q * d, d);
      for (int j = 0; j < d; j++) {
        queries[q * d + j] = (random.nextInt(3) - 1) / 2f;
      }
    }
    ScoringKernel kernel = ScoringKernels.named("plain-java");
    float[] thresholds = similarity.scores(queries, trueVectors, d);
    BlockScores whole = kernel.score(kernel.prepare(g, d, 0), queries, thresholds, k, similarity);

    int[] cuts = {0, 5, 6, 30, 53}; // uneven shards, some smaller than k
    PartialResult[][] parts = new PartialResult[truth.length][cuts.length - 1];
    for (int s = 0; s + 1 < cuts.length; s++) {
      float[] shard = java.util.Arrays.copyOfRange(g, cuts[s] * d, cuts[s + 1] * d);
      BlockScores scores = kernel.score(kernel.prepare(shard, d, cuts[s]), queries, thresholds, k, similarity);
      for (int q = 0; q < truth.length; q++) {
        parts[q][s] = PartialResult.of(scores, q, cuts[s + 1] - cuts[s], PartialResultTest::id);
      }
    }
    for (int q = 0; q < truth.length; q++) {
      PartialResult forward = parts[q][0].merge(parts[q][1]).merge(parts[q][2]).merge(parts[q][3]);
      PartialResult backward = parts[q][3].merge(parts[q][1].merge(parts[q][2])).merge(parts[q][0]);
      RetrievalResult expected = whole.result(q);
      for (PartialResult merged : new PartialResult[] {forward, backward, roundTrip(forward)}) {
        assertThat(merged.rank()).isEqualTo(expected.rank());
        assertThat(merged.itemsScored()).isEqualTo(n);
        assertThat(merged.topIds()).hasSize(k);
        for (int i = 0; i < k; i++) {
          assertThat(merged.topIds()[i]).isEqualTo(id(expected.topIndices()[i]));
        }
        assertThat(merged.topScores()).containsExactly(expected.topScores());
      }
      assertThat(forward).isEqualTo(backward);
    }
  }

  @ParameterizedTest
  @EnumSource(Similarity.class)
  void aPartWithoutTheTrueItemHasNoRankAndOptionsMustMatch(Similarity similarity) {
    ScoringKernel kernel = ScoringKernels.named("plain-java");
    float[] item = {1f, 0f};
    float[] query = {0f, 1f};
    float threshold = 0.5f; // the item scores cosine 0 < 0.5, L2 2 > 0.5: not as close as the true item
    BlockScores scores = kernel.score(kernel.prepare(item, 2, 0), query, new float[] {threshold}, 3, similarity);
    PartialResult part = PartialResult.of(scores, 0, 1, i -> "x");
    assertThat(part.countAtLeastAsClose()).isZero();
    assertThatThrownBy(part::rank).isInstanceOf(IllegalStateException.class).hasMessageContaining("true item");
    Similarity other = similarity == Similarity.COSINE ? Similarity.L2 : Similarity.COSINE;
    PartialResult mismatched = PartialResult.of(
        kernel.score(kernel.prepare(item, 2, 0), query, new float[] {threshold}, 3, other), 0, 1, i -> "x");
    assertThatThrownBy(() -> part.merge(mismatched)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("same options");
  }

  /** Ids in index order (zero-padded), so ties by id are ties by index. */
  private static String id(int index) {
    return String.format("p%03d", index);
  }

  private static PartialResult roundTrip(PartialResult p) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(p);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (PartialResult) in.readObject();
    }
  }
}
