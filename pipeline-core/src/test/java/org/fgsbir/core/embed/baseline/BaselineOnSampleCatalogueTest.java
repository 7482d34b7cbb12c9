package org.fgsbir.core.embed.baseline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.fgsbir.core.embed.Branch;
import org.fgsbir.core.embed.Embedder;
import org.fgsbir.core.embed.Embedders;
import org.fgsbir.core.embed.ModelSpec;
import org.fgsbir.core.image.ImageTensor;
import org.fgsbir.core.image.PhotoPreprocessor;
import org.fgsbir.core.metrics.RankedStep;
import org.fgsbir.core.metrics.RetrievalMetrics;
import org.fgsbir.core.metrics.StepMetrics;
import org.fgsbir.core.metrics.Summary;
import org.fgsbir.core.partial.PartialProtocol;
import org.fgsbir.core.partial.PartialSketch;
import org.fgsbir.core.raster.Rasterizer;
import org.fgsbir.core.retrieval.ExactRetrieval;
import org.fgsbir.core.retrieval.Gallery;
import org.fgsbir.core.samples.SampleCatalogueGenerator;
import org.fgsbir.core.sketch.Sketch;
import org.fgsbir.core.sketch.SketchReaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The baseline embedder through the whole core path (reader, 17-step partial sketches, rasteriser, photo
 * preprocessing, exact retrieval, metrics) on the committed {@code data-samples/} test split, each sketch
 * against the full 100-photo gallery of its category. Guards the walking skeleton's promise: retrieval
 * clearly better than chance, and improving as more of the sketch is drawn.
 */
class BaselineOnSampleCatalogueTest {
  private static List<RankedStep> rows;

  @BeforeAll
  static void scoreTestSplit() throws IOException {
    Path samples = Path.of(System.getProperty("fgsbir.project.root")).resolve("data-samples");
    ModelSpec spec = BaselineEmbedder.spec();
    PhotoPreprocessor preprocessor = new PhotoPreprocessor(spec.photo());
    Map<String, List<String>> ids = new HashMap<>();
    Map<String, List<float[]>> vectors = new HashMap<>();
    try (Embedder photos = Embedders.open(spec, Branch.PHOTO)) {
      List<String> manifest = Files.readAllLines(samples.resolve(SampleCatalogueGenerator.MANIFEST_PATH));
      for (String line : manifest.subList(1, manifest.size())) {
        String[] f = line.split(",");
        byte[] png = Files.readAllBytes(samples.resolve("catalogue").resolve(f[3]));
        float[] v = photos.embed(List.of(preprocessor.preprocess(f[0], png)))[0];
        ids.computeIfAbsent(f[1], c -> new ArrayList<>()).add(f[0]);
        vectors.computeIfAbsent(f[1], c -> new ArrayList<>()).add(v);
      }
    }
    Map<String, Gallery> galleries = new HashMap<>();
    ids.forEach((category, list) -> galleries.put(category, Gallery.of(list, vectors.get(category))));

    rows = new ArrayList<>();
    List<Sketch> sketches =
        SketchReaders.readAll(samples.resolve(SampleCatalogueGenerator.SKETCHES_PATH), null, null);
    try (Embedder sketchBranch = Embedders.open(spec, Branch.SKETCH)) {
      for (Sketch sketch : sketches) {
        if (!sketch.split().orElseThrow().equals("test")) {
          continue;
        }
        Gallery gallery = galleries.get(sketch.category());
        int trueIndex = gallery.indexOf(sketch.photoId().orElseThrow());
        List<ImageTensor> rasters = new ArrayList<>();
        List<PartialSketch> steps = PartialProtocol.onTheFly().steps(sketch);
        for (PartialSketch step : steps) {
          rasters.add(Rasterizer.render(step.drawn(), step.complete(), spec.sketch()));
        }
        float[][] queries = sketchBranch.embed(rasters);
        for (int i = 0; i < steps.size(); i++) {
          int rank = ExactRetrieval.search(queries[i], gallery, trueIndex, 10).rank();
          rows.add(new RankedStep(sketch.id(), steps.get(i).step(), steps.size(), rank, gallery.size()));
        }
      }
    }
  }

  @Test
  void completeSketchesRetrieveFarAboveChance() {
    Summary summary = RetrievalMetrics.summarise(rows);
    System.out.println("baseline on data-samples test split (points17): " + summary);
    // 151 test sketches, galleries of 100 photos: chance acc@10 is 0.10 and chance m@B about 0.05.
    assertThat(summary.sketches()).isEqualTo(151);
    assertThat(summary.minGallerySize()).isEqualTo(100);
    assertThat(summary.acc10()).isGreaterThan(0.5);
    assertThat(summary.acc1()).isGreaterThan(0.1);
    assertThat(summary.mB()).isGreaterThan(0.15);
  }

  @Test
  void retrievalImprovesAsTheSketchIsDrawn() {
    List<StepMetrics> steps = RetrievalMetrics.perStep(rows);
    System.out.printf("baseline mean 1/rank, step 1: %.3f, step 17: %.3f%n",
        steps.get(0).meanReciprocalRank(), steps.get(16).meanReciprocalRank());
    assertThat(steps).hasSize(17);
    double early = (steps.get(0).meanReciprocalRank() + steps.get(1).meanReciprocalRank()) / 2;
    double late = (steps.get(15).meanReciprocalRank() + steps.get(16).meanReciprocalRank()) / 2;
    assertThat(late).isGreaterThan(2 * early);
    assertThat(steps.get(16).acc10()).isGreaterThan(steps.get(0).acc10());
  }
}
