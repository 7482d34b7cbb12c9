package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.baseline.BaselineEmbedder;
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

/**
 * The in-graph baseline descriptor against the Java baseline embedder on the same inputs, and the untrained
 * baseline-front network being exactly that descriptor (zero residual).
 */
class BaselineFrontTest {
  private static final int SIZE = 128;
  private static final int GRID = 10;
  private static final int DIM = BaselineFront.dimension(GRID);

  @Test
  void sketchDescriptorsMatchTheBaselineEmbedder() {
    List<ImageTensor> rasters = List.of(raster(0), raster(1), raster(2));
    float[][] expected = baseline(Branch.SKETCH, rasters);
    float[] graph = run(1, rasters, (tf, in) -> BaselineFront.sketch(tf, in, SIZE, GRID));
    for (int i = 0; i < rasters.size(); i++) {
      // Only the edge handling of the blur differs (mirrored here, clamped in Java).
      assertThat(cosine(expected[i], inBaselineOrder(graph, i))).as("sketch %d", i).isGreaterThan(0.99);
    }
  }

  @Test
  void photoDescriptorsAreCloseToTheBaselineEmbedder() throws Exception {
    Path root = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples/catalogue/photos");
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(Trainer.photoOptions(SIZE));
    List<ImageTensor> photos = new ArrayList<>();
    for (String name : List.of("shoe/shoe-0001.png", "shoe/shoe-0002.png", "chair/chair-0001.png",
        "chair/chair-0005.png")) {
      photos.add(preprocessor.preprocess(name, Files.readAllBytes(root.resolve(name))));
    }
    float[][] expected = baseline(Branch.PHOTO, photos);
    float pad = EmbeddingNetwork.padFraction(SIZE);
    float[] graph = run(3, photos, (tf, in) -> BaselineFront.photo(tf, PhotoAlignment.alignGraph(tf, in, SIZE, pad),
        SIZE, GRID));
    for (int i = 0; i < photos.size(); i++) {
      // Background model (ring median vs fitted plane), box mask and raster margin differ slightly.
      double own = cosine(expected[i], inBaselineOrder(graph, i));
      assertThat(own).as("photo %d", i).isGreaterThan(0.8);
      for (int j = 0; j < photos.size(); j++) {
        if (j != i) {
          assertThat(own).as("photo %d is closer to its own baseline vector than to photo %d's", i, j)
              .isGreaterThan(cosine(expected[j], inBaselineOrder(graph, i)));
        }
      }
    }
  }

  @Test
  void theUntrainedNetworkIsTheDescriptorAndTheConfigIsChecked() {
    NetworkConfig config = new NetworkConfig(SIZE, SIZE, DIM, List.of(16), GRID, 3L, false, 1, true);
    assertThat(config.alignPhotos()).isTrue();
    assertThat(config.parameterCount(3)).isEqualTo(2L * DIM * 16 + 16);
    List<ImageTensor> rasters = List.of(raster(0), raster(2));
    float[] front = run(1, rasters, (tf, in) -> BaselineFront.sketch(tf, in, SIZE, GRID));
    float[] network = run(1, rasters, (tf, in) -> new EmbeddingNetwork(tf, config).embedSketches(in, false));
    for (int k = 0; k < front.length; k++) {
      assertThat(network[k]).isCloseTo(front[k], org.assertj.core.data.Offset.offset(1e-6f));
    }
    assertThatThrownBy(() -> new NetworkConfig(SIZE, SIZE, 128, List.of(16), GRID, 3L, false, 1, true))
        .hasMessageContaining("--dimension 1200");
    assertThatThrownBy(() -> new NetworkConfig(SIZE, 64, DIM, List.of(16), GRID, 3L, false, 1, true))
        .hasMessageContaining("must equal the sketch size 64");
    assertThatThrownBy(() -> new NetworkConfig(SIZE, SIZE, DIM, List.of(16, 32), GRID, 3L, false, 1, true))
        .hasMessageContaining("one hidden width");
  }

  /** Dark-on-light test rasters: a rectangle outline, a circle, a diagonal cross. */
  private static ImageTensor raster(int kind) {
    float[] d = new float[SIZE * SIZE];
    java.util.Arrays.fill(d, 1f);
    for (int y = 0; y < SIZE; y++) {
      for (int x = 0; x < SIZE; x++) {
        boolean ink = switch (kind) {
          case 0 -> (x >= 20 && x <= 100 && (Math.abs(y - 30) <= 1 || Math.abs(y - 90) <= 1))
              || (y >= 30 && y <= 90 && (Math.abs(x - 20) <= 1 || Math.abs(x - 100) <= 1));
          case 1 -> Math.abs(Math.hypot(x - 64, y - 60) - 40) <= 1.2;
          default -> x > 10 && x < 118 && (Math.abs(x - y) <= 1 || Math.abs(x + y - 127) <= 1);
        };
        if (ink) {
          d[y * SIZE + x] = 0f;
        }
      }
    }
    return new ImageTensor(1, SIZE, SIZE, d);
  }

  private static float[][] baseline(Branch branch, List<ImageTensor> inputs) {
    try (BaselineEmbedder e = new BaselineEmbedder(BaselineEmbedder.spec(), branch)) {
      return e.embed(inputs);
    }
  }

  /** Graph output row i ([bin][cx][cy]) reordered to the Java descriptor's [cy][cx][bin]. */
  private static float[] inBaselineOrder(float[] graph, int i) {
    float[] out = new float[DIM];
    int bins = BaselineFront.BINS;
    for (int k = 0; k < bins; k++) {
      for (int cx = 0; cx < GRID; cx++) {
        for (int cy = 0; cy < GRID; cy++) {
          out[(cy * GRID + cx) * bins + k] = graph[i * DIM + (k * GRID + cx) * GRID + cy];
        }
      }
    }
    return out;
  }

  private static double cosine(float[] a, float[] b) {
    double ab = 0;
    double aa = 0;
    double bb = 0;
    for (int k = 0; k < a.length; k++) {
      ab += a[k] * b[k];
      aa += a[k] * a[k];
      bb += b[k] * b[k];
    }
    return ab / Math.sqrt(aa * bb);
  }

  private static float[] run(int channels, List<ImageTensor> inputs,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> build) {
    int n = inputs.size();
    float[] batch = new float[n * SIZE * SIZE * channels];
    for (int i = 0; i < n; i++) {
      Augmenter.putNhwc(inputs.get(i).data(), channels, SIZE, batch, i);
    }
    float[] out = new float[n * DIM];
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.placeholder(TFloat32.class,
          Placeholder.shape(Shape.of(-1, SIZE, SIZE, channels)));
      Operand<TFloat32> output = build.apply(tf, in);
      try (Session s = new Session(g)) {
        s.initialize();
        try (TFloat32 t = TFloat32.tensorOf(Shape.of(n, SIZE, SIZE, channels), DataBuffers.of(batch, true, false));
            var result = s.runner().feed(in, t).fetch(output).run()) {
          assertThat(result.get(0).shape()).isEqualTo(Shape.of(n, DIM));
          ((TFloat32) result.get(0)).copyTo(DataBuffers.of(out, false, false));
        }
      }
    }
    return out;
  }
}
