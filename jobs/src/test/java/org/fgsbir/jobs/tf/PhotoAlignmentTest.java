package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** The in-graph photo alignment and edge channels against their plain-Java reference. */
class PhotoAlignmentTest {
  private static final int SIZE = 96;
  private static final float PAD = EmbeddingNetwork.padFraction(48);

  @Test
  void theGraphMatchesTheJavaReferenceOnCataloguePhotos() throws Exception {
    Path root = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples/catalogue/photos");
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(Trainer.photoOptions(SIZE));
    List<float[]> photos = new ArrayList<>();
    for (String name : List.of("shoe/shoe-0001.png", "shoe/shoe-0002.png", "chair/chair-0001.png",
        "chair/chair-0005.png")) {
      photos.add(hwc(preprocessor.preprocess(name, Files.readAllBytes(root.resolve(name)))));
    }
    photos.add(new float[SIZE * SIZE * 3]); // all black: no object found, the whole photo is the box
    float[] graph = runGraph(photos);
    int per = SIZE * SIZE * PhotoAlignment.CHANNELS;
    for (int i = 0; i < photos.size(); i++) {
      float[] expected = PhotoAlignment.prepare(photos.get(i), SIZE, PAD);
      float maxDiff = 0;
      for (int k = 0; k < per; k++) {
        maxDiff = Math.max(maxDiff, Math.abs(expected[k] - graph[i * per + k]));
      }
      assertThat(maxDiff).as("photo %d: largest difference graph vs Java", i).isLessThan(1e-4f);
    }
    // The catalogue objects are found: a box well inside the photo, not the whole frame.
    int[] box = PhotoAlignment.box(photos.get(0), SIZE);
    assertThat(box[1] - box[0]).isBetween(SIZE / 3, SIZE - 3);
    assertThat(PhotoAlignment.box(photos.get(4), SIZE)).containsExactly(0, SIZE - 1, 0, SIZE - 1);
  }

  @Test
  void anObjectIsMovedIntoTheSketchRastersFrameAndGetsEdges() {
    // A dark 20 x 10 rectangle off-centre on light grey.
    float[] photo = new float[SIZE * SIZE * 3];
    java.util.Arrays.fill(photo, 0.9f);
    for (int y = 10; y < 20; y++) {
      for (int x = 50; x < 70; x++) {
        for (int c = 0; c < 3; c++) {
          photo[(y * SIZE + x) * 3 + c] = 0.2f;
        }
      }
    }
    assertThat(PhotoAlignment.box(photo, SIZE)).containsExactly(50, 69, 10, 19);
    float[] aligned = PhotoAlignment.align(photo, SIZE, PAD);
    float margin = PAD * SIZE;
    // The object's width spans the frame less the margins, centred vertically.
    int mid = SIZE / 2;
    assertThat(aligned[(mid * SIZE + Math.round(margin) + 2) * 3]).isCloseTo(0.2f, org.assertj.core.data.Offset.offset(0.02f));
    assertThat(aligned[(mid * SIZE + Math.round(margin) - 3) * 3]).isCloseTo(0.9f, org.assertj.core.data.Offset.offset(0.02f));
    assertThat(aligned[(5 * SIZE + mid) * 3]).isCloseTo(0.9f, org.assertj.core.data.Offset.offset(0.02f));
    float[] edges = PhotoAlignment.edges(aligned, SIZE);
    assertThat(edges[(mid * SIZE + Math.round(margin)) * 3]).isGreaterThan(0.1f);
    assertThat(edges[(mid * SIZE + mid) * 3]).isLessThan(1e-6f);
    float[] graph = runGraph(List.of(photo));
    float[] expected = PhotoAlignment.prepare(photo, SIZE, PAD);
    for (int k = 0; k < expected.length; k++) {
      assertThat(graph[k]).as("value %d", k).isCloseTo(expected[k], org.assertj.core.data.Offset.offset(1e-4f));
    }
  }

  private static float[] hwc(ImageTensor t) {
    int plane = t.height() * t.width();
    float[] out = new float[plane * 3];
    for (int c = 0; c < 3; c++) {
      for (int p = 0; p < plane; p++) {
        out[p * 3 + c] = t.data()[c * plane + p];
      }
    }
    return out;
  }

  private static float[] runGraph(List<float[]> photos) {
    int n = photos.size();
    float[] batch = new float[n * SIZE * SIZE * 3];
    for (int i = 0; i < n; i++) {
      System.arraycopy(photos.get(i), 0, batch, i * SIZE * SIZE * 3, SIZE * SIZE * 3);
    }
    float[] out = new float[n * SIZE * SIZE * PhotoAlignment.CHANNELS];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SIZE, SIZE, 3)));
      Operand<TFloat32> prepared = PhotoAlignment.graph(tf, in, SIZE, PAD);
      try (Session s = new Session(g);
          TFloat32 t = TFloat32.tensorOf(Shape.of(n, SIZE, SIZE, 3), DataBuffers.of(batch, true, false));
          var result = s.runner().feed(in, t).fetch(prepared).run()) {
        assertThat(result.get(0).shape()).isEqualTo(Shape.of(n, SIZE, SIZE, PhotoAlignment.CHANNELS));
        ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
      }
    }
    return out;
  }
}
