package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny untrained network exported from Java and loaded back through {@link Embedders#open}. */
class TensorFlowEmbedderTest {
  private static final int SIZE = 16;
  private static final int DIM = 8;
  private static final NetworkConfig CONFIG = new NetworkConfig(SIZE, SIZE, DIM, List.of(4, 8), 2, 7L);

  @TempDir static Path tmp;
  private static Path model;
  private static Path renamed;

  @BeforeAll
  static void exportModels() {
    model = tmp.resolve("model");
    SavedModelExport.export(CONFIG, null, model);
    renamed = tmp.resolve("renamed");
    SavedModelExport.export(CONFIG, null, renamed, "photo_v2", "sketch_v2");
  }

  static ModelSpec spec(Path dir, Map<String, String> options) {
    PhotoOptions photo = new PhotoOptions(SIZE, PhotoOptions.Fit.PAD, new float[] {0, 0, 0},
        new float[] {1, 1, 1}, false, 50_000_000L);
    return new ModelSpec(TensorFlowEmbedder.ENGINE, dir.toString(), "tiny-1", DIM, photo,
        new RasterOptions(SIZE, 1f, 1f,
        RasterOptions.Polarity.DARK_ON_LIGHT, RasterOptions.Placement.FIT_SKETCH_BOUNDS, 256f), options);
  }

  private static List<ImageTensor> batch(int channels, int n, long seed) {
    Random random = new Random(seed);
    List<ImageTensor> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] data = new float[channels * SIZE * SIZE];
      for (int j = 0; j < data.length; j++) {
        data[j] = random.nextFloat();
      }
      out.add(new ImageTensor(channels, SIZE, SIZE, data));
    }
    return out;
  }

  @Test
  void bothBranchesEmbedUnitLengthVectorsDeterministically() {
    List<ImageTensor> photos = batch(3, 5, 1);
    List<ImageTensor> sketches = batch(1, 4, 2);
    try (Embedder photo = Embedders.open(spec(model, Map.of()), Branch.PHOTO);
        Embedder sketch = Embedders.open(spec(model, Map.of()), Branch.SKETCH)) {
      float[][] p = photo.embed(photos);
      float[][] s = sketch.embed(sketches);
      assertThat(p).hasNumberOfRows(5);
      assertThat(s).hasNumberOfRows(4);
      for (float[] v : concat(p, s)) {
        assertThat(v).hasSize(DIM);
        double norm = 0;
        for (float x : v) {
          norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      }
      assertThat(p[0]).isNotEqualTo(p[1]);
      assertThat(photo.embed(photos)).isDeepEqualTo(p);
      // Batch composition does not change a vector (batch norm uses its moving averages).
      assertThat(photo.embed(photos.subList(2, 3))[0]).containsExactly(p[2], org.assertj.core.data.Offset.offset(1e-5f));
    }
    try (Embedder again = Embedders.open(spec(model, Map.of()), Branch.SKETCH);
        Embedder renamedSketch = Embedders.open(spec(renamed, Map.of(TfModelOptions.SKETCH_SIGNATURE, "sketch_v2",
            TfModelOptions.PHOTO_SIGNATURE, "photo_v2")), Branch.SKETCH)) {
      float[][] s = again.embed(sketches);
      // Same seed, same initial weights: the model under other signature names embeds identically.
      assertThat(renamedSketch.embed(sketches)).isDeepEqualTo(s);
    }
  }

  private static List<float[]> concat(float[][] a, float[][] b) {
    List<float[]> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all;
  }

  @Test
  void aMissingSignatureNamesTheExpectedAndTheActualOnes() {
    assertThatThrownBy(() -> Embedders.open(spec(renamed, Map.of()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("signature 'embed_photo' expected")
        .hasMessageContaining("[photo_v2, sketch_v2]")
        .hasMessageContaining(TfModelOptions.PHOTO_SIGNATURE);
  }

  @Test
  void aWrongInputSizeOrDimensionFailsAtOpenWithBothValues() {
    ModelSpec good = spec(model, Map.of());
    ModelSpec wrongSize = new ModelSpec(good.engine(), good.uri(), good.version(), DIM, good.photo(),
        good.sketch().withSize(24), Map.of());
    assertThatThrownBy(() -> Embedders.open(wrongSize, Branch.SKETCH))
        .hasMessageContaining("expects height 16 but the model spec's sketch size is 24");
    ModelSpec wrongDim = new ModelSpec(good.engine(), good.uri(), good.version(), 12, good.photo(), good.sketch(),
        Map.of());
    assertThatThrownBy(() -> Embedders.open(wrongDim, Branch.PHOTO))
        .hasMessageContaining("must be [batch, 12] (the spec's dimension) but has shape [-1, 8]");
    assertThatThrownBy(() -> Embedders.open(good.withOptions(Map.of(TfModelOptions.PHOTO_INPUT, "pixels")),
        Branch.PHOTO))
        .hasMessageContaining("has no input 'pixels'; its inputs are [image]");
    assertThatThrownBy(() -> Embedders.open(good.withOptions(Map.of("tf.signatures", "x")), Branch.PHOTO))
        .hasMessageContaining("Unknown TensorFlow model option(s) [tf.signatures]");
    assertThatThrownBy(() -> Embedders.open(spec(tmp.resolve("nowhere"), Map.of()), Branch.PHOTO))
        .hasMessageContaining("no saved_model.pb");
  }

  @Test
  void aBadlyShapedInputNamesItsPosition() {
    try (Embedder sketch = Embedders.open(spec(model, Map.of()), Branch.SKETCH)) {
      List<ImageTensor> inputs = new ArrayList<>(batch(1, 2, 3));
      inputs.add(batch(3, 1, 4).get(0));
      assertThatThrownBy(() -> sketch.embed(inputs))
          .hasMessageContaining("sketch input 2 of the batch: expected a 1 x 16 x 16 tensor but got 3 x 16 x 16");
    }
  }
}
