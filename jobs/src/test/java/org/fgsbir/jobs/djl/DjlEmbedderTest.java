package org.fgsbir.jobs.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoOptions;
import org.fgsbir.core.raster.RasterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The committed fixture pair (src/test/resources/djl, made by make_fixtures.py with PyTorch) loaded
 * through {@link Embedders#open}, as TorchScript and as ONNX: both reproduce PyTorch's embeddings.
 */
class DjlEmbedderTest {
  static final int SIZE = 16;
  static final int DIM = 8;

  @TempDir Path tmp;

  static Path fixture(String kind) {
    return Path.of(System.getProperty("fgsbir.project.root"), "jobs/src/test/resources/djl", kind);
  }

  static ModelSpec spec(Path dir, int photoSize, int dimension, Map<String, String> options) {
    PhotoOptions photo = new PhotoOptions(photoSize, PhotoOptions.Fit.PAD, new float[] {0, 0, 0},
        new float[] {1, 1, 1}, false, 50_000_000L);
    return new ModelSpec(DjlEmbedder.ENGINE, dir.toString(), "tiny-djl-1", dimension, photo,
        RasterOptions.defaults().scaledTo(SIZE), options);
  }

  /** Input i as make_fixtures.py defines it: ((7c + 3y + 5x + 11i) mod 17) / 16. */
  static List<ImageTensor> inputs(int channels, int n) {
    List<ImageTensor> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] data = new float[channels * SIZE * SIZE];
      for (int c = 0; c < channels; c++) {
        for (int y = 0; y < SIZE; y++) {
          for (int x = 0; x < SIZE; x++) {
            data[(c * SIZE + y) * SIZE + x] = ((7 * c + 3 * y + 5 * x + 11 * i) % 17) / 16f;
          }
        }
      }
      out.add(new ImageTensor(channels, SIZE, SIZE, data));
    }
    return out;
  }

  private static float[][] expected(String branch) throws Exception {
    JsonNode rows = new ObjectMapper().readTree(fixture("expected.json").toFile()).get(branch);
    float[][] out = new float[rows.size()][];
    for (int i = 0; i < rows.size(); i++) {
      out[i] = new float[rows.get(i).size()];
      for (int j = 0; j < out[i].length; j++) {
        out[i][j] = (float) rows.get(i).get(j).asDouble();
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"torchscript", "onnx"})
  void bothBranchesReproducePyTorchsEmbeddingsOffline(String kind) throws Exception {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    ModelSpec spec = spec(fixture(kind), SIZE, DIM, Map.of());
    assertThat(DjlModelOptions.of(spec).engine())
        .isEqualTo(kind.equals("onnx") ? DjlModelOptions.ONNX_RUNTIME : DjlModelOptions.PYTORCH);
    try (Embedder photo = Embedders.open(spec, Branch.PHOTO);
        Embedder sketch = Embedders.open(spec, Branch.SKETCH)) {
      assertThat(photo.dimension()).isEqualTo(DIM);
      assertClose(photo.embed(inputs(3, 2)), expected("photo"));
      assertClose(sketch.embed(inputs(1, 2)), expected("sketch"));
      // One input at a time gives the batch's rows.
      assertClose(new float[][] {photo.embed(inputs(3, 2).subList(1, 2))[0]}, new float[][] {expected("photo")[1]});
    }
  }

  private static void assertClose(float[][] actual, float[][] expected) {
    assertThat(actual).hasNumberOfRows(expected.length);
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).hasSize(expected[i].length);
      for (int j = 0; j < expected[i].length; j++) {
        assertThat(actual[i][j]).as("row %d, value %d", i, j).isCloseTo(expected[i][j], Offset.offset(1e-4f));
      }
    }
  }

  @Test
  void aSketchBranchExportedForThreeChannelsGetsTheRasterReplicated() throws Exception {
    ModelSpec spec = spec(fixture("onnx"), SIZE, DIM, Map.of(DjlModelOptions.SKETCH_FILE, "sketch_rgb.onnx"));
    try (Embedder sketch = Embedders.open(spec, Branch.SKETCH)) {
      assertClose(sketch.embed(inputs(1, 2)), expected("sketch_rgb"));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"torchscript", "onnx"})
  void aWrongDimensionFailsAtOpenNamingBothValues(String kind) {
    assertThatThrownBy(() -> Embedders.open(spec(fixture(kind), SIZE, 16, Map.of()), Branch.SKETCH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output must be [batch, 16]")
        .hasMessageContaining("gave [1, 8]")
        .hasMessageContaining("set model.dimension to the model's (8)");
  }

  @Test
  void aWrongInputSizeFailsAtOpenNamingBothValues() {
    // ONNX Runtime checks the shape the model declares and names both values.
    assertThatThrownBy(() -> Embedders.open(spec(fixture("onnx"), 32, DIM, Map.of()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fails on a [1, 3, 32, 32] float input")
        .hasMessageContaining("index: 2 Got: 32 Expected: 16")
        .hasMessageContaining("set model.photo.size to the size it was exported for");
    // TorchScript declares no shape: the probe input fails inside the model (here its linear layer).
    assertThatThrownBy(() -> Embedders.open(spec(fixture("torchscript"), 32, DIM, Map.of()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fails on a [1, 3, 32, 32] float input")
        .hasMessageContaining("model.photo.size 32");
  }

  @Test
  void aWronglyShapedInputIsRefusedWithItsPosition() {
    try (Embedder photo = Embedders.open(spec(fixture("onnx"), SIZE, DIM, Map.of()), Branch.PHOTO)) {
      List<ImageTensor> batch = new ArrayList<>(inputs(3, 1));
      batch.add(inputs(1, 1).get(0));
      assertThatThrownBy(() -> photo.embed(batch))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("photo input 1 of the batch: expected a 3 x 16 x 16 tensor but got 1 x 16 x 16");
      photo.close();
      photo.close();
      assertThatThrownBy(() -> photo.embed(inputs(3, 1))).isInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void anUnreadableModelFileFailsNamingTheFileAndTheFix() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("broken"));
    Files.writeString(dir.resolve("photo.pt"), "not a TorchScript archive");
    Files.writeString(dir.resolve("sketch.pt"), "not a TorchScript archive");
    assertThatThrownBy(() -> Embedders.open(spec(dir, SIZE, DIM, Map.of()), Branch.PHOTO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Cannot load PyTorch model " + dir.resolve("photo.pt").toAbsolutePath())
        .hasMessageContaining("export a TorchScript module");
  }

  @Test
  void eachModelFileIsLoadedOncePerJvm() {
    ModelSpec spec = spec(fixture("torchscript"), SIZE, DIM, Map.of());
    Embedders.open(spec, Branch.PHOTO).close();
    int loads = DjlEmbedder.loads();
    for (int i = 0; i < 3; i++) {
      try (Embedder photo = Embedders.open(spec, Branch.PHOTO)) {
        assertThat(photo.embed(inputs(3, 1))).hasNumberOfRows(1);
      }
    }
    assertThat(DjlEmbedder.loads()).isEqualTo(loads);
  }

  @Test
  void filesAndEngineComeFromOptions() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("renamed"));
    Files.copy(fixture("onnx").resolve("photo.onnx"), dir.resolve("p.onnx"));
    Files.copy(fixture("onnx").resolve("sketch.onnx"), dir.resolve("s.onnx"));
    ModelSpec spec = spec(dir, SIZE, DIM,
        Map.of(DjlModelOptions.PHOTO_FILE, "p.onnx", DjlModelOptions.SKETCH_FILE, "s.onnx", DjlModelOptions.THREADS, "2"));
    try (Embedder sketch = Embedders.open(spec, Branch.SKETCH)) {
      assertClose(sketch.embed(inputs(1, 2)), expected("sketch"));
    }
    assertThatThrownBy(() -> DjlModelOptions.of(spec(dir, SIZE, DIM, Map.of())))
        .hasMessageContaining("holds neither photo.pt nor photo.onnx (it has [p.onnx, s.onnx])");
    assertThatThrownBy(() -> DjlModelOptions.of(spec(dir, SIZE, DIM, Map.of(DjlModelOptions.ENGINE, "TensorFlow"))))
        .hasMessageContaining("djl.engine = 'TensorFlow'");
    assertThatThrownBy(() -> DjlModelOptions.of(spec(dir, SIZE, DIM, Map.of("djl.thread", "2"))))
        .hasMessageContaining("Unknown DJL model option(s) [djl.thread]");
  }
}
