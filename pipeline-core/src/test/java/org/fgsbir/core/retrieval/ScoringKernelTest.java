package org.fgsbir.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kernel against a brute-force reference, on data built to tie, for many shardings. */
class ScoringKernelTest {

  static Stream<String> kernels() {
    return ScoringKernels.NAMES.stream();
  }

  static Stream<Arguments> kernelsAndSimilarities() {
    return kernels().flatMap(k -> Stream.of(Arguments.of(k, Similarity.COSINE), Arguments.of(k, Similarity.L2)));
  }

  /** A gallery of quantised values (exact sums, so many exact ties) with duplicated vectors. */
  private static float[] quantisedGallery(Random random, int n, int d) {
    float[] g = new float[n * d];
    for (int i = 0; i < g.length; i++) {
      g[i] = (random.nextInt(5) - 2) / 4f;
    }
    for (int c = 0; c < n / 4; c++) { // duplicates
      System.arraycopy(g, random.nextInt(n) * d, g, random.nextInt(n) * d, d);
    }
    return g;
  }

  /** L2-normalised Gaussian vectors (inexact sums: BLAS and canonical scores differ) with duplicates. */
  private static float[] gaussianGallery(Random random, int n, int d) {
    float[] g = new float[n * d];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        g[i * d + j] = (float) random.nextGaussian();
        s += g[i * d + j] * g[i * d + j];
      }
      for (int j = 0; j < d; j++) {
        g[i * d + j] /= (float) Math.sqrt(s);
      }
    }
    for (int c = 0; c < n / 5; c++) {
      System.arraycopy(g, random.nextInt(n) * d, g, random.nextInt(n) * d, d);
    }
    return g;
  }

  /** Queries: some are copies of their true item (or of another item), the rest near their true item. */
  private static float[] queriesFor(Random random, float[] g, int d, int[] truth, boolean quantised) {
    float[] qs = new float[truth.length * d];
    int n = g.length / d;
    for (int q = 0; q < truth.length; q++) {
      int mode = random.nextInt(3);
      int source = mode == 1 ? random.nextInt(n) : truth[q];
      for (int j = 0; j < d; j++) {
        float v = g[source * d + j];
        if (mode == 2) {
          v = quantised ? (random.nextInt(5) - 2) / 4f : v + (float) random.nextGaussian() * 0.05f;
        }
        qs[q * d + j] = v;
      }
    }
    return qs;
  }

  /** The canonical score, written out independently of Similarity. */
  private static float referenceScore(Similarity sim, float[] a, int ao, float[] b, int bo, int d) {
    float s = 0f;
    for (int j = 0; j < d; j++) {
      float x = sim == Similarity.COSINE ? a[ao + j] : a[ao + j] - b[bo + j];
      float y = sim == Similarity.COSINE ? b[bo + j] : x;
      s = Math.fma(x, y, s);
    }
    return s;
  }

  private static RetrievalResult bruteForce(Similarity sim, float[] g, int d, float[] qs, int q, int truth, int k) {
    int n = g.length / d;
    float[] scores = new float[n];
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      scores[i] = referenceScore(sim, qs, q * d, g, i * d, d);
      order.add(i);
    }
    float t = scores[truth];
    int rank = 0;
    for (float s : scores) {
      if (sim == Similarity.COSINE ? s >= t : s <= t) {
        rank++;
      }
    }
    Comparator<Integer> closer = sim == Similarity.COSINE
        ? Comparator.comparingDouble((Integer i) -> -scores[i]) : Comparator.comparingDouble((Integer i) -> scores[i]);
    order.sort(closer.thenComparingInt(i -> i));
    int m = Math.min(k, n);
    int[] top = new int[m];
    float[] topScores = new float[m];
    for (int r = 0; r < m; r++) {
      top[r] = order.get(r);
      topScores[r] = scores[top[r]];
    }
    return new RetrievalResult(rank, top, topScores);
  }

  /** Scores in shards of {@code shardSize} (last one uneven), merging in a shuffled order. */
  private static BlockScores scoreSharded(ScoringKernel kernel, Similarity sim, float[] g, int d, float[] qs,
      float[] thresholds, int k, int shardSize, Random random) {
    int n = g.length / d;
    List<BlockScores> parts = new ArrayList<>();
    for (int s0 = 0; s0 < n; s0 += shardSize) {
      int s1 = Math.min(n, s0 + shardSize);
      ScoringKernel.PreparedShard shard = kernel.prepare(Arrays.copyOfRange(g, s0 * d, s1 * d), d, s0);
      assertThat(shard.size()).isEqualTo(s1 - s0);
      parts.add(kernel.score(shard, qs, thresholds, k, sim));
    }
    java.util.Collections.shuffle(parts, random);
    BlockScores merged = parts.get(0);
    for (int p = 1; p < parts.size(); p++) {
      merged = BlockScores.merge(merged, parts.get(p));
    }
    return merged;
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("kernelsAndSimilarities")
  void ranksAndTopListsEqualBruteForceForEveryShardingOnTiedData(String name, Similarity sim) {
    ScoringKernel kernel = ScoringKernels.named(name);
    Random random = new Random(42);
    int checked = 0;
    for (int[] shape : new int[][] {{1, 3, 1}, {5, 7, 3}, {37, 16, 13}, {100, 33, 9}, {70, 64, 17}}) {
      int n = shape[0];
      int d = shape[1];
      int nq = shape[2];
      for (boolean quantised : new boolean[] {true, false}) {
        float[] g = quantised ? quantisedGallery(random, n, d) : gaussianGallery(random, n, d);
        int[] truth = random.ints(nq, 0, n).toArray();
        float[] qs = queriesFor(random, g, d, truth, quantised);
        float[] trueVectors = new float[nq * d];
        for (int q = 0; q < nq; q++) {
          System.arraycopy(g, truth[q] * d, trueVectors, q * d, d);
        }
        float[] thresholds = sim.scores(qs, trueVectors, d);
        for (int k : new int[] {0, 1, 10, n + 5}) {
          RetrievalResult[] expected = new RetrievalResult[nq];
          for (int q = 0; q < nq; q++) {
            expected[q] = bruteForce(sim, g, d, qs, q, truth[q], k);
          }
          for (int shardSize : new int[] {n, 3, 7, Math.max(1, n / 2 + 1), 1}) {
            BlockScores merged = scoreSharded(kernel, sim, g, d, qs, thresholds, k, shardSize, random);
            assertThat(merged.results())
                .as("%s %s n=%d d=%d k=%d shard=%d quantised=%s", name, sim, n, d, k, shardSize, quantised)
                .containsExactly(expected);
            checked += nq;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  @Test
  void quantisedDataHasManyTiesSoTheTestMeansSomething() {
    Random random = new Random(42);
    float[] g = quantisedGallery(random, 100, 33);
    int[] truth = random.ints(9, 0, 100).toArray();
    float[] qs = queriesFor(random, g, 33, truth, true);
    int tiedRanks = 0;
    for (int q = 0; q < truth.length; q++) {
      RetrievalResult r = bruteForce(Similarity.COSINE, g, 33, qs, q, truth[q], 100);
      float t = referenceScore(Similarity.COSINE, qs, q * 33, g, truth[q] * 33, 33);
      int equal = 0;
      for (float s : r.topScores()) {
        equal += s == t ? 1 : 0;
      }
      tiedRanks += equal > 1 ? 1 : 0;
    }
    assertThat(tiedRanks).isGreaterThan(0);
  }

  @Test
  void kernelsAgreeWithExactRetrievalWhereArithmeticIsExact() {
    Random random = new Random(7);
    int n = 60;
    int d = 24;
    float[] g = quantisedGallery(random, n, d);
    List<String> ids = new ArrayList<>();
    List<float[]> vectors = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ids.add("p" + i);
      vectors.add(Arrays.copyOfRange(g, i * d, (i + 1) * d));
    }
    Gallery gallery = Gallery.of(ids, vectors);
    int[] truth = random.ints(11, 0, n).toArray();
    float[] qs = queriesFor(random, g, d, truth, true);
    float[] thresholds = new float[truth.length];
    for (int q = 0; q < truth.length; q++) {
      thresholds[q] = Similarity.COSINE.score(Arrays.copyOfRange(qs, q * d, (q + 1) * d), vectors.get(truth[q]));
    }
    for (ScoringKernel kernel : ScoringKernels.available()) {
      BlockScores scores = kernel.score(kernel.prepare(g, d, 0), qs, thresholds, 10, Similarity.COSINE);
      for (int q = 0; q < truth.length; q++) {
        assertThat(scores.result(q)).as(kernel.name())
            .isEqualTo(ExactRetrieval.search(Arrays.copyOfRange(qs, q * d, (q + 1) * d), gallery, truth[q], 10));
      }
    }
  }

  @Test
  void vectorApiIsAvailableUnderTheBuildsFlagsAndReported() {
    assertThat(ScoringKernels.named("vector-api").describe()).startsWith("vector-api (FloatVector");
    assertThat(ScoringKernels.best().name()).isEqualTo("vector-api");
    assertThat(ScoringKernels.named("auto")).isSameAs(ScoringKernels.best());
    assertThat(ScoringKernels.report()).contains("selected: vector-api").contains("native BLAS: ")
        .contains("plain-java").contains("netlib-blas");
  }

  @Test
  void mistakesAreRefusedWithTheFix() {
    ScoringKernel vector = ScoringKernels.named("vector-api");
    ScoringKernel plain = ScoringKernels.named("plain-java");
    ScoringKernel.PreparedShard shard = plain.prepare(new float[] {1, 0, 0, 1}, 2, 0);
    assertThatThrownBy(() -> vector.score(shard, new float[] {1, 0}, new float[] {1}, 1, Similarity.COSINE))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prepared by kernel plain-java");
    assertThatThrownBy(() -> plain.score(shard, new float[] {1, 0, 0}, new float[] {1}, 1, Similarity.COSINE))
        .hasMessageContaining("same model");
    assertThatThrownBy(() -> plain.score(shard, new float[] {1, 0}, new float[0], 1, Similarity.COSINE))
        .hasMessageContaining("one threshold");
    assertThatThrownBy(() -> plain.score(shard, new float[] {Float.NaN, 0}, new float[] {1}, 1, Similarity.L2))
        .hasMessageContaining("non-finite");
    assertThatThrownBy(() -> plain.prepare(new float[] {1, 0, 0}, 2, 0)).hasMessageContaining("row-major");
    assertThatThrownBy(() -> ScoringKernels.named("gpu")).hasMessageContaining("Unknown scoring kernel 'gpu'");
    assertThatThrownBy(() -> Similarity.parse("dot")).hasMessageContaining("use cosine or l2");
    BlockScores none = plain.score(shard, new float[] {1, 0}, new float[] {2}, 1, Similarity.COSINE);
    assertThatThrownBy(() -> none.result(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("merge the shard that holds the true item");
    BlockScores l2 = plain.score(shard, new float[] {1, 0}, new float[] {0}, 1, Similarity.L2);
    assertThatThrownBy(() -> BlockScores.merge(none, l2)).hasMessageContaining("same queries and options");
  }
}
