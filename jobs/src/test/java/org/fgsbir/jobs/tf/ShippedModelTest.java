package org.fgsbir.jobs.tf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.data.Offset;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.metrics.RankedStep;
import org.fgsbir.core.metrics.RetrievalMetrics;
import org.fgsbir.core.metrics.Summary;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.retrieval.ExactRetrieval;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchReaders;
import org.fgsbir.jobs.config.Config;
import org.fgsbir.jobs.config.ConfFiles;
import org.fgsbir.jobs.config.ConfigLoader;
import org.fgsbir.jobs.config.Layer;
import org.fgsbir.jobs.config.ModelSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference model shipped in {@code data-samples/model}: it loads through the engine with the demo's
 * settings, its model card matches those settings and the recipe, and on the test split of the samples it
 * beats the baseline embedder (computed here, through the real engines, as the demo scores).
 */
class ShippedModelTest {
  private static final Path ROOT = Path.of(System.getProperty("fgsbir.project.root")).toAbsolutePath().normalize();
  private static final Path MODEL = ROOT.resolve("data-samples/model");
  private static JsonNode card;
  private static Config demo;

  @BeforeAll
  static void load() throws IOException {
    card = new ObjectMapper().readTree(MODEL.resolve("model-card.json").toFile());
    demo = ConfigLoader.load(ConfFiles.directory(ROOT.resolve("conf")), "demo.properties", null, Layer.empty("cli"),
        ROOT.toString());
  }

  @Test
  void theDemoUsesTheShippedModelAndItsCardMatchesTheSettings() throws IOException {
    ModelSpec spec = ModelSettings.spec(demo);
    assertThat(spec.engine()).isEqualTo(TensorFlowEmbedder.ENGINE);
    assertThat(Path.of(spec.uri()).toAbsolutePath().normalize()).isEqualTo(MODEL);
    assertThat(spec.version()).isEqualTo(card.get("version").asText());
    assertThat(spec.dimension()).isEqualTo(card.get("dimension").asInt()).isEqualTo(BaselineFront.dimension(10));
    JsonNode photo = card.get("photoInput");
    assertThat(spec.photo().size()).isEqualTo(photo.get("size").asInt()).isEqualTo(128);
    assertThat(spec.photo().fit().name()).isEqualTo(photo.get("fit").asText());
    assertThat(spec.photo().mean()).containsExactly(0f, 0f, 0f);
    assertThat(spec.photo().std()).containsExactly(1f, 1f, 1f);
    assertThat(spec.photo().edgeMap()).isFalse();
    JsonNode sketch = card.get("sketchInput");
    assertThat(spec.sketch().size()).isEqualTo(sketch.get("size").asInt()).isEqualTo(128);
    assertThat(spec.sketch().polarity().name()).isEqualTo(sketch.get("polarity").asText());
    assertThat(spec.sketch().placement().name()).isEqualTo(sketch.get("placement").asText());
    assertThat(spec.sketch().lineWidth()).isEqualTo((float) sketch.get("lineWidth").asDouble());
    assertThat(spec.sketch().padding()).isEqualTo((float) sketch.get("padding").asDouble());
    JsonNode training = card.get("training");
    assertThat(training.get("sketchLength").asText()).isEqualTo("COMPLETE_AND_PARTIAL");
    assertThat(training.get("generatedInstancesPerCategory").asInt()).isEqualTo(200);
    assertThat(card.get("network").get("photoPreprocessingInGraph").asText()).startsWith("aligned");
    assertThat(card.get("network").get("architecture").asText()).startsWith("baseline front end");
    assertThat(card.get("network").get("parameters").asLong()).isBetween(500_000L, 2_000_000L);
    try (Stream<Path> files = Files.walk(MODEL)) {
      long bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
      assertThat(bytes).as("shipped model size").isLessThan(10_000_000L);
    }
    try (Embedder p = Embedders.open(spec, Branch.PHOTO); Embedder s = Embedders.open(spec, Branch.SKETCH)) {
      assertThat(p.dimension()).isEqualTo(spec.dimension());
      assertThat(s.dimension()).isEqualTo(spec.dimension());
    }
  }

  @Test
  void onTheTestSplitItBeatsTheBaselineAndMatchesItsCard() throws IOException {
    Map<String, Summary> learned = evaluate(ModelSettings.spec(demo));
    Map<String, Summary> baseline = evaluate(ModelSettings.baseline(demo));
    for (String protocol : learned.keySet()) {
      Summary m = learned.get(protocol);
      Summary b = baseline.get(protocol);
      System.out.printf(Locale.ROOT, "%-9s learned acc@1 %.4f acc@10 %.4f m@B %.4f | baseline acc@1 %.4f acc@10 %.4f"
          + " m@B %.4f (%d sketches)%n", protocol, m.acc1(), m.acc10(), m.mB(), b.acc1(), b.acc10(), b.mB(),
          m.sketches());
      assertThat(m.sketches()).isEqualTo(b.sketches()).isPositive();
      assertThat(m.acc1()).as(protocol + " acc@1").isGreaterThan(b.acc1());
      assertThat(m.acc10()).as(protocol + " acc@10").isGreaterThan(b.acc10());
      assertThat(m.mB()).as(protocol + " m@B").isGreaterThan(b.mB());
    }
    // The trainer's own validation (same split, protocol and galleries) agrees with the engine's numbers.
    JsonNode validation = card.get("validation");
    Summary same = learned.get(validation.get("protocol").asText());
    assertThat(same.acc10()).isCloseTo(validation.get("acc10").asDouble(), Offset.offset(0.015));
    assertThat(same.mB()).isCloseTo(validation.get("mB").asDouble(), Offset.offset(0.015));
  }

  /** acc@1, acc@10, m@B per protocol (points17, stroke) on the test sketches, galleries = the category's photos. */
  static Map<String, Summary> evaluate(ModelSpec spec) throws IOException {
    Path catalogue = ROOT.resolve("data-samples/catalogue");
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(spec.photo());
    Map<String, List<String>> ids = new LinkedHashMap<>();
    Map<String, List<ImageTensor>> tensors = new LinkedHashMap<>();
    Map<String, String> splitOf = new HashMap<>();
    List<String> lines = Files.readAllLines(catalogue.resolve("manifest.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      ids.computeIfAbsent(f[1], k -> new ArrayList<>()).add(f[0]);
      tensors.computeIfAbsent(f[1], k -> new ArrayList<>())
          .add(preprocessor.preprocess(f[0], Files.readAllBytes(catalogue.resolve(f[3]))));
      splitOf.put(f[0], f[2]);
    }
    List<Sketch> test = SketchReaders.readAll(ROOT.resolve("data-samples/sketches/sketches.ndjson"), null, null)
        .stream().filter(s -> s.photoId().map(id -> "test".equals(splitOf.get(id))).orElse(false)).toList();
    Map<String, Summary> out = new LinkedHashMap<>();
    try (Embedder photos = Embedders.open(spec, Branch.PHOTO); Embedder sketches = Embedders.open(spec, Branch.SKETCH)) {
      Map<String, Gallery> galleries = new HashMap<>();
      for (String category : ids.keySet()) {
        galleries.put(category, Gallery.of(ids.get(category), Arrays.asList(embed(photos, tensors.get(category)))));
      }
      for (String name : List.of("points17", "stroke")) {
        PartialProtocol protocol = PartialProtocol.parse(name);
        List<PartialSketch> steps = new ArrayList<>();
        List<ImageTensor> rasters = new ArrayList<>();
        for (Sketch sketch : test) {
          for (PartialSketch step : protocol.steps(sketch)) {
            steps.add(step);
            rasters.add(Rasterizer.render(step.drawn(), step.complete(), spec.sketch()));
          }
        }
        float[][] queries = embed(sketches, rasters);
        List<RankedStep> rows = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
          PartialSketch step = steps.get(i);
          Gallery gallery = galleries.get(step.complete().category());
          int trueIndex = gallery.indexOf(step.complete().photoId().orElseThrow());
          int rank = ExactRetrieval.search(queries[i], gallery, trueIndex, 10).rank();
          rows.add(new RankedStep(step.complete().id(), step.step(), step.stepsTotal(), rank, gallery.size()));
        }
        out.put(name, RetrievalMetrics.summarise(rows));
      }
    }
    return out;
  }

  private static float[][] embed(Embedder embedder, List<ImageTensor> inputs) {
    float[][] out = new float[inputs.size()][];
    for (int start = 0; start < inputs.size(); start += 64) {
      float[][] part = embedder.embed(inputs.subList(start, Math.min(inputs.size(), start + 64)));
      System.arraycopy(part, 0, out, start, part.length);
    }
    return out;
  }
}
