package org.fgsbir.core.embed.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.retrieval.ExactRetrieval;
import org.fgsbir.core.retrieval.Gallery;
import org.junit.jupiter.api.Test;

/**
 * End-to-end sanity of the baseline: shaded photos of random shapes (moved, scaled, on tinted
 * backgrounds) must be retrieved by jittered line sketches of the same shapes far above chance.
 */
class BaselineRetrievalSanityTest {
  private static final int SHAPES = 20;

  @Test
  void sketchesRetrieveTheirShapesFarAboveChance() {
    ModelSpec spec = BaselineEmbedder.spec();
    Random random = new Random(42);
    List<ImageTensor> photos = new ArrayList<>();
    List<ImageTensor> sketches = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < SHAPES; i++) {
      SyntheticShapes.Shape shape = SyntheticShapes.randomShape(random);
      photos.add(SyntheticShapes.photo(shape, spec.photo().size(), random));
      sketches.add(SyntheticShapes.sketch(shape, spec.sketch().size(), spec.sketch().padding(),
          spec.sketch().lineWidth(), 0.03, random));
      ids.add("shape-" + i);
    }
    float[][] photoVectors;
    float[][] sketchVectors;
    try (Embedder photo = Embedders.open(spec, Branch.PHOTO);
        Embedder sketch = Embedders.open(spec, Branch.SKETCH)) {
      photoVectors = photo.embed(photos);
      sketchVectors = sketch.embed(sketches);
    }
    Gallery gallery = Gallery.of(ids, List.of(photoVectors));
    int top1 = 0;
    int top5 = 0;
    for (int i = 0; i < SHAPES; i++) {
      int rank = ExactRetrieval.search(sketchVectors[i], gallery, i, 5).rank();
      top1 += rank == 1 ? 1 : 0;
      top5 += rank <= 5 ? 1 : 0;
    }
    System.out.printf("baseline sanity: acc@1 %d/%d, acc@5 %d/%d%n", top1, SHAPES, top5, SHAPES);
    // Chance: acc@1 = 1/20, acc@5 = 5/20.
    assertThat(top1).isGreaterThanOrEqualTo(SHAPES / 2);
    assertThat(top5).isGreaterThanOrEqualTo(SHAPES * 4 / 5);
  }
}
