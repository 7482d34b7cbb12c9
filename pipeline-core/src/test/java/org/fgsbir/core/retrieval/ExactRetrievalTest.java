package org.fgsbir.core.retrieval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactRetrievalTest {

  /**
   * Five 2-d items; with query (1, 0) the scores are the x components: 0.5, 1, 0.5, -1, 0.5.
   */
  private static Gallery tiedGallery() {
    return Gallery.of(List.of("a", "b", "c", "d", "e"), List.of(
        new float[] {0.5f, 0.5f}, new float[] {1, 0}, new float[] {0.5f, -0.5f}, new float[] {-1, 0},
        new float[] {0.5f, 0}));
  }

  @Test
  void ranksTiesAgainstTheQueryAndOrdersTopByScoreThenIndex() {
    float[] query = {1, 0};
    // True item c (index 2) scores 0.5; items scoring >= 0.5: b (1), a, c, e (0.5 each) -> rank 4.
    RetrievalResult r = ExactRetrieval.search(query, tiedGallery(), 2, 3);
    assertThat(r.rank()).isEqualTo(4);
    // Top 3: b (1.0), then the 0.5 ties by index ascending: a (0), c (2).
    assertThat(r.topIndices()).containsExactly(1, 0, 2);
    assertThat(r.topScores()).containsExactly(1f, 0.5f, 0.5f);
    // True item b (index 1) is alone at the top -> rank 1; true item d scores lowest -> rank 5.
    assertThat(ExactRetrieval.search(query, tiedGallery(), 1, 1).rank()).isEqualTo(1);
    assertThat(ExactRetrieval.search(query, tiedGallery(), 3, 1).rank()).isEqualTo(5);
  }

  @Test
  void returnsTheWholeGalleryWhenKExceedsItAndNothingForKZero() {
    RetrievalResult all = ExactRetrieval.search(new float[] {1, 0}, tiedGallery(), 0, 50);
    // scores 0.5, 1, 0.5, -1, 0.5 -> order b, a, c, e, d
    assertThat(all.topIndices()).containsExactly(1, 0, 2, 4, 3);
    assertThat(all.topScores()).containsExactly(1f, 0.5f, 0.5f, 0.5f, -1f);
    RetrievalResult none = ExactRetrieval.search(new float[] {1, 0}, tiedGallery(), 0, 0);
    assertThat(none.topCount()).isZero();
    assertThat(none.rank()).isEqualTo(4);
  }

  @Test
  void handlesAOneItemGallery() {
    Gallery g = Gallery.of(List.of("only"), List.of(new float[] {0, 1}));
    RetrievalResult r = ExactRetrieval.search(new float[] {1, 0}, g, 0, 10);
    assertThat(r.rank()).isEqualTo(1);
    assertThat(r.topIndices()).containsExactly(0);
  }

  @Test
  void validatesQueryDimensionTrueIndexAndK() {
    Gallery g = tiedGallery();
    assertThatThrownBy(() -> ExactRetrieval.search(new float[] {1, 0, 0}, g, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query has dimension 3 but the gallery's is 2");
    assertThatThrownBy(() -> ExactRetrieval.search(new float[] {1, 0}, g, 5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("true index 5 outside the gallery 0..4");
    assertThatThrownBy(() -> ExactRetrieval.search(new float[] {1, 0}, g, -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("true index -1");
    assertThatThrownBy(() -> ExactRetrieval.search(new float[] {1, 0}, g, 0, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("k must be >= 0");
    assertThatThrownBy(() -> ExactRetrieval.search(new float[] {Float.POSITIVE_INFINITY, 0}, g, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-finite value Infinity at component 0");
    assertThatThrownBy(() -> ExactRetrieval.searchAll(
        new float[][] {{1, 0}, {1}}, g, new int[] {0, 0}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query 1 has dimension 1");
    assertThatThrownBy(() -> ExactRetrieval.searchAll(new float[][] {{1, 0}}, g, new int[] {0, 1}, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1 queries but 2 true indices");
  }

  /**
   * Random galleries built to tie a lot: small-integer components (exact float dot products, many equal
   * scores), rows copied to make duplicate photo vectors, and queries equal to gallery rows. Every result
   * must match a naive full sort.
   */
  @Test
  void matchesANaiveSortOnRandomDataWithDeliberateTies() {
    Random random = new Random(20240611L);
    int checked = 0;
    for (int trial = 0; trial < 40; trial++) {
      int n = 1 + random.nextInt(120);
      int dim = 1 + random.nextInt(6);
      boolean integerValued = trial % 2 == 0;
      List<String> ids = new ArrayList<>();
      List<float[]> vectors = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        float[] v;
        if (i > 0 && random.nextInt(4) == 0) {
          v = vectors.get(random.nextInt(i)).clone(); // duplicate photo vector
        } else {
          v = new float[dim];
          for (int j = 0; j < dim; j++) {
            v[j] = integerValued ? random.nextInt(3) - 1 : (float) random.nextGaussian();
          }
        }
        ids.add("p" + i);
        vectors.add(v);
      }
      Gallery g = Gallery.of(ids, vectors);
      int queries = 15;
      float[][] qs = new float[queries][];
      int[] truth = new int[queries];
      int k = random.nextInt(n + 5);
      for (int q = 0; q < queries; q++) {
        truth[q] = random.nextInt(n);
        if (random.nextBoolean()) {
          qs[q] = vectors.get(random.nextInt(n)).clone(); // query equal to a gallery row
        } else {
          qs[q] = new float[dim];
          for (int j = 0; j < dim; j++) {
            qs[q][j] = integerValued ? random.nextInt(5) - 2 : (float) random.nextGaussian();
          }
        }
      }
      RetrievalResult[] all = ExactRetrieval.searchAll(qs, g, truth, k);
      for (int q = 0; q < queries; q++) {
        RetrievalResult expected = naive(qs[q], g, truth[q], k);
        assertThat(all[q]).as("trial %d query %d", trial, q).isEqualTo(expected);
        assertThat(ExactRetrieval.search(qs[q], g, truth[q], k)).isEqualTo(expected);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(40 * 15);
  }

  /** The reference: score everything, sort all indices, count scores >= the true score. */
  private static RetrievalResult naive(float[] query, Gallery g, int trueIndex, int k) {
    int n = g.size();
    float[] scores = new float[n];
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      scores[i] = g.dot(i, query);
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparingInt(i -> i));
    int rank = 0;
    for (int i = 0; i < n; i++) {
      if (scores[i] >= scores[trueIndex]) {
        rank++;
      }
    }
    int top = Math.min(k, n);
    int[] idx = new int[top];
    float[] sc = new float[top];
    for (int i = 0; i < top; i++) {
      idx[i] = order[i];
      sc[i] = scores[order[i]];
    }
    return new RetrievalResult(rank, idx, sc);
  }
}
