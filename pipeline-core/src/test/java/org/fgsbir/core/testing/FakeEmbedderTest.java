package org.fgsbir.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.image.ImageTensor;
import org.junit.jupiter.api.Test;

class FakeEmbedderTest {

  @Test
  void isFoundThroughTheServiceLoaderAndReturnsUnitVectorsDeterministically() {
    float[] dark = new float[3 * 8 * 8];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        for (int c = 0; c < 3; c++) {
          dark[(c * 8 + y) * 8 + x] = 0f; // top half ink
          dark[(c * 8 + y + 4) * 8 + x] = 1f; // bottom half paper
        }
      }
    }
    ImageTensor t = new ImageTensor(3, 8, 8, dark);
    try (Embedder e = Embedders.open(FakeEmbedder.spec(), Branch.PHOTO)) {
      float[][] v = e.embed(List.of(t, t));
      assertThat(e.dimension()).isEqualTo(16);
      assertThat(v[0]).containsExactly(v[1]);
      double norm = 0;
      for (float f : v[0]) {
        norm += f * f;
      }
      assertThat(norm).isCloseTo(1.0, within(1e-5));
      // Ink in the top rows of the 4x4 grid: those cells score above the bottom ones.
      assertThat(v[0][0]).isGreaterThan(v[0][15]);
    }
  }

  @Test
  void countsOpensAndCloses() {
    int opened = FakeEmbedder.openedCount();
    int closed = FakeEmbedder.closedCount();
    Embedder e = new FakeEmbedderProvider().open(FakeEmbedder.spec(), Branch.SKETCH);
    e.close();
    e.close();
    assertThat(FakeEmbedder.openedCount() - opened).isEqualTo(1);
    assertThat(FakeEmbedder.closedCount() - closed).isEqualTo(1);
  }
}
