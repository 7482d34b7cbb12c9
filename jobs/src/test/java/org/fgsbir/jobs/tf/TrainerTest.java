package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.jobs.config.ConfigLoader;
import org.fgsbir.jobs.config.Layer;
import org.fgsbir.jobs.config.ModelSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training graph and a tiny training run on the first few instances of {@code data-samples/}. */
class TrainerTest {

  @Test
  void theSketchRasterOfTheSettingsIsTheOneTheTrainerUses() {
    Map<String, Layer.Entry> entries = new java.util.LinkedHashMap<>();
    String[] keyValues = {"model.engine", "tensorflow", "model.uri", "/m", "model.version", "m1",
        "model.dimension", "64", "model.sketch.size", "64", "model.photo.size", "64",
        "model.photo.normalisation", "unit"};
    for (int i = 0; i < keyValues.length; i += 2) {
      entries.put(keyValues[i], new Layer.Entry(keyValues[i + 1], "test"));
    }
    ModelSpec spec = ModelSettings.spec(ConfigLoader.resolve(List.of(new Layer("test", entries)), "/h"));

    assertThat(spec.sketch()).isEqualTo(Trainer.rasterOptions(64));
    assertThat(spec.photo()).isEqualTo(Trainer.photoOptions(64));
  }
  @TempDir Path tmp;

  @Test
  void lossFallsOnAFixedBatchAndTheExportEmbedsAsTheTrainedGraph() throws Exception {
    NetworkConfig config = new NetworkConfig(16, 16, 8, List.of(4, 8), 2, 3L);
    int n = 4;
    Random random = new Random(5);
    float[] sketches = new float[n * 16 * 16];
    float[] photos = new float[n * 16 * 16 * 3];
    for (int i = 0; i < sketches.length; i++) {
      sketches[i] = random.nextFloat();
    }
    for (int i = 0; i < photos.length; i++) {
      photos[i] = random.nextFloat();
    }
    float[] mask = new float[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        mask[i * n + j] = i == j ? 0 : 1;
      }
    }
    List<Float> losses = new ArrayList<>();
    String prefix = tmp.resolve("ckpt/ckpt").toString();
    float[] trained;
    try (TrainingGraph graph = new TrainingGraph(config, 0.5f, 0.01f, Trainer.Negatives.HARDEST, 1, 1)) {
      for (int step = 0; step < 25; step++) {
        losses.add(graph.trainStep(sketches, photos, mask, n));
      }
      Files.createDirectories(tmp.resolve("ckpt"));
      graph.save(prefix);
      trained = graph.embedPhotos(java.util.Arrays.copyOf(photos, 16 * 16 * 3), 1);
    }
    assertThat(losses.get(0)).isGreaterThan(0f);
    assertThat(losses.subList(20, 25).stream().mapToDouble(Float::doubleValue).average().orElseThrow())
        .isLessThan(losses.get(0) * 0.6);

    Path model = tmp.resolve("model");
    SavedModelExport.export(config, prefix, model);
    ModelSpec spec = new ModelSpec(TensorFlowEmbedder.ENGINE, model.toString(), "t-1", 8, Trainer.photoOptions(16),
        Trainer.rasterOptions(16), Map.of());
    float[] chw = new float[3 * 16 * 16];
    for (int p = 0; p < 16 * 16; p++) {
      for (int c = 0; c < 3; c++) {
        chw[c * 256 + p] = photos[p * 3 + c];
      }
    }
    try (Embedder photo = Embedders.open(spec, Branch.PHOTO)) {
      assertThat(photo.embed(List.of(new ImageTensor(3, 16, 16, chw)))[0]).containsExactly(trained, Offset.offset(1e-5f));
    }
  }

  @Test
  void aTinyRunTrainsValidatesExportsAndResumes() throws Exception {
    Path data = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples");
    Path out = tmp.resolve("run");
    Trainer.Options one = options(data, out, 1, 3L);
    Trainer.Result first = Trainer.train(one);

    assertThat(first.epochs()).hasSize(1);
    assertThat(first.stepLosses()).isNotEmpty().allSatisfy(l -> assertThat(l).isFinite().isGreaterThanOrEqualTo(0f));
    assertThat(first.epochs().get(0).summary().sketches()).isPositive();
    assertThat(Files.readAllLines(out.resolve("steps.csv"))).hasSize(1 + first.stepLosses().size());
    JsonNode card = new ObjectMapper().readTree(first.model().resolve("model-card.json").toFile());
    assertThat(card.get("dimension").asInt()).isEqualTo(8);
    assertThat(card.get("signatures").get("photo").get("key").asText()).isEqualTo("embed_photo");
    assertThat(card.get("validation").get("acc1").asDouble())
        .isEqualTo(first.epochs().get(0).summary().acc1());

    ModelSpec spec = new ModelSpec(TensorFlowEmbedder.ENGINE, first.model().toString(), "tiny", 8,
        Trainer.photoOptions(24), Trainer.rasterOptions(24), Map.of());
    try (Embedder sketch = Embedders.open(spec, Branch.SKETCH)) {
      assertThat(sketch.embed(List.of(new ImageTensor(1, 24, 24, new float[24 * 24])))[0]).hasSize(8);
    }

    Trainer.Result resumed = Trainer.train(options(data, out, 2, 3L));
    assertThat(resumed.epochs()).extracting(Trainer.EpochResult::epoch).containsExactly(2);
    assertThat(Files.readAllLines(out.resolve("epochs.csv"))).hasSize(3);

    assertThatThrownBy(() -> Trainer.train(options(data, out, 3, 4L)))
        .hasMessageContaining("Cannot resume the training in " + out)
        .hasMessageContaining("use the same options, or a new output folder");
  }

  @Test
  void alignedPhotosAndGeneratedInstancesTrainAndExportWithoutRegenerating() throws Exception {
    Path data = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples");
    Path out = tmp.resolve("aligned");
    NetworkConfig network = new NetworkConfig(32, 16, 8, List.of(4, 8), 2, 5L, true, 2);
    Trainer.Options options = new Trainer.Options(data, out, 1, 4, network, 5L, Trainer.SketchLength.COMPLETE_AND_PARTIAL,
        Trainer.Negatives.HARDEST, Trainer.Augmentation.FLIP_AND_AFFINE, 0.2f, 0.005f, "points17", 4, 1, "al-5", 2);
    Trainer.Result result = Trainer.train(options);
    assertThat(result.stepLosses()).isNotEmpty().allSatisfy(l -> assertThat(l).isFinite());
    JsonNode card = new ObjectMapper().readTree(result.model().resolve("model-card.json").toFile());
    JsonNode training = card.get("training");
    assertThat(training.get("generatedPhotos").asInt()).isEqualTo(4);
    assertThat(training.get("generated").asText()).contains("instance indices 101..102");
    assertThat(training.get("trainPhotos").asInt()).isEqualTo(training.get("catalogueTrainPhotos").asInt() + 4);
    assertThat(card.get("network").get("photoPreprocessingInGraph").asText()).startsWith("aligned");
    assertThat(card.get("network").get("parameters").asLong())
        .isEqualTo(network.parameterCount(6) + network.parameterCount(1));
    // The SavedModel takes plain RGB photos: alignment and edges are inside the graph.
    ModelSpec spec = new ModelSpec(TensorFlowEmbedder.ENGINE, result.model().toString(), "al-5", 8,
        Trainer.photoOptions(32), Trainer.rasterOptions(16), Map.of());
    try (Embedder photo = Embedders.open(spec, Branch.PHOTO)) {
      float[] white = new float[3 * 32 * 32];
      java.util.Arrays.fill(white, 1f);
      assertThat(photo.embed(List.of(new ImageTensor(3, 32, 32, white)))[0]).hasSize(8);
    }
    // Exporting a complete checkpoint again generates nothing and gives the same card counts.
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      assertThat(Trainer.train(options).epochs()).isEmpty();
    } finally {
      System.setOut(stdout);
    }
    assertThat(captured.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Generated");
    JsonNode again = new ObjectMapper().readTree(result.model().resolve("model-card.json").toFile());
    assertThat(again.get("training").get("trainPhotos")).isEqualTo(training.get("trainPhotos"));
  }

  @Test
  void theBaselineFrontLogsItsUntrainedEpochZeroAndExports() throws Exception {
    Path data = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples");
    Path out = tmp.resolve("front");
    Trainer.Options options = Trainer.parse(new String[] {"--data", data.toString(), "--output", out.toString(),
        "--baseline-front", "--size", "32", "--grid", "2", "--dimension", "48", "--widths", "8", "--epochs", "1",
        "--batch-size", "4", "--max-photos-per-split", "4", "--threads", "1", "--version", "bf-1"});
    assertThat(options.network().baselineFront()).isTrue();
    assertThat(options.network().alignPhotos()).isTrue();
    Trainer.Result result = Trainer.train(options);
    List<String> epochs = Files.readAllLines(out.resolve("epochs.csv"));
    assertThat(epochs).hasSize(3);
    assertThat(epochs.get(1)).startsWith("0,,");
    assertThat(epochs.get(2)).startsWith("1,");
    JsonNode card = new ObjectMapper().readTree(result.model().resolve("model-card.json").toFile());
    assertThat(card.get("network").get("architecture").asText()).startsWith("baseline front end");
    assertThat(card.get("network").get("parameters").asLong()).isEqualTo(2 * (2L * 48 * 8 + 8));
    ModelSpec spec = new ModelSpec(TensorFlowEmbedder.ENGINE, result.model().toString(), "bf-1", 48,
        Trainer.photoOptions(32), Trainer.rasterOptions(32), Map.of());
    try (Embedder sketch = Embedders.open(spec, Branch.SKETCH)) {
      float[] paper = new float[32 * 32];
      java.util.Arrays.fill(paper, 1f);
      paper[16 * 32 + 16] = 0f;
      assertThat(sketch.embed(List.of(new ImageTensor(1, 32, 32, paper)))[0]).hasSize(48);
    }
  }

  private static Trainer.Options options(Path data, Path out, int epochs, long seed) {
    return new Trainer.Options(data, out, epochs, 4, new NetworkConfig(24, 24, 8, List.of(4, 8), 3, seed), seed,
        Trainer.SketchLength.COMPLETE_AND_PARTIAL, Trainer.Negatives.HARDEST, Trainer.Augmentation.FLIP_AND_AFFINE,
        0.2f, 0.005f, "points17", 4, 1, "tiny-" + seed);
  }
}
